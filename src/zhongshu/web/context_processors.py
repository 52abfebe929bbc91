"""Template context shared by every page."""


def navigation(request):
    return {}
