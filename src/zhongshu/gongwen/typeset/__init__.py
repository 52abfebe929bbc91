"""GB/T 9704-2012 typesetting of a ``Document``: PDF (``pdf.render_pdf``) and .docx (``docx``).

* ``layout``: every number of the standard (mm, sizes, grid, colours), shared by both writers;
* ``pdf.render_pdf(document, *, fonts=None, seal_images=None) -> RenderResult``: the PDF, its
  page count, font substitutions, warnings and where each element was drawn;
* ``title.break_title``: balanced, whole-word title lines (also used by the .docx writer);
* ``cli``: ``zhongshu render INPUT -o OUT.pdf [--docx OUT.docx]``.

Fonts are resolved by ``zhongshu.gongwen.fonts``. Submodules are imported by their users, so
importing this package stays cheap.
"""
