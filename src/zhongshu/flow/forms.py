"""Forms of flow pages: the hand-over (轮岗) form of the system administrator."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhongshu.accounts.models import User
from zhongshu.organs.models import Post


class WorkItemHandOverForm(forms.Form):
    """People are named by their log-in name: a city has too many people for a drop-down."""

    from_username = forms.CharField(label=_("移交人（登录名）"), max_length=150)
    to_username = forms.CharField(label=_("接收人（登录名）"), max_length=150)
    post = forms.IntegerField(label=_("岗位编号（可选，仅移交该岗位的事项）"), required=False)
    reason = forms.CharField(label=_("理由"), max_length=200)

    def _user(self, field: str) -> User:
        username = self.cleaned_data[field].strip()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(_("人员“%(name)s”不存在。"), params={"name": username})
        return user

    def clean_from_username(self) -> User:
        return self._user("from_username")

    def clean_to_username(self) -> User:
        return self._user("to_username")

    def clean_post(self) -> Post | None:
        pk = self.cleaned_data.get("post")
        if pk is None:
            return None
        post = Post.objects.select_related("department__organ").filter(pk=pk).first()
        if post is None:
            raise forms.ValidationError(_("岗位不存在。"))
        return post
