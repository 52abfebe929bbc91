"""GB/T 9704-2012 typesetting of a ``Document``: PDF (``pdf.render_pdf``) and .docx (``docx``).

The numbers both writers share live in ``layout``; fonts are resolved by ``zhongshu.gongwen.fonts``.
Submodules are imported lazily by their users so that importing the package stays cheap.
"""
