"""委托: a leader delegates to a colleague of the same organ, for a period and a scope."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs import services
from zhongshu.organs.models import SCOPE_DESCRIPTIONS, Delegation
from zhongshu.organs.selectors import can_act_for


def _period(days_from=0, days=3):
    start = timezone.now() + timedelta(days=days_from)
    return start, start + timedelta(days=days)


def test_a_leader_delegates_sign_off_to_a_colleague_and_it_takes_effect(principal, clerk):
    starts, ends = _period(days_from=0)
    starts -= timedelta(minutes=1)
    delegation = services.delegation_create(
        actor=principal,
        delegate=clerk,
        scope=Delegation.Scope.SIGN_OFF,
        starts_at=starts,
        ends_at=ends,
        reason="出差",
    )
    assert delegation.principal == principal and delegation.created_by == principal
    assert can_act_for(delegate=clerk, principal=principal, scope=Delegation.Scope.SIGN_OFF) is True
    assert (
        can_act_for(delegate=clerk, principal=principal, scope=Delegation.Scope.INSTRUCT) is False
    )
    event = AuditEvent.objects.get(action="organs.delegation_create")
    assert event.extra["new"]["delegate"] == clerk.pk
    assert event.extra["new"]["scope"] == "sign_off"


def test_delegating_to_someone_of_another_organ_is_refused(principal, outsider):
    starts, ends = _period()
    with pytest.raises(ValidationError, match="同属一个机关"):
        services.delegation_create(
            actor=principal,
            delegate=outsider,
            scope=Delegation.Scope.ALL,
            starts_at=starts,
            ends_at=ends,
        )
    assert not Delegation.objects.exists()


def test_a_person_without_a_leading_post_cannot_delegate(clerk, director):
    starts, ends = _period()
    with pytest.raises(PermissionDenied, match="领导岗位"):
        services.delegation_create(
            actor=clerk,
            delegate=director,
            scope=Delegation.Scope.ALL,
            starts_at=starts,
            ends_at=ends,
        )


def test_administrators_cannot_delegate(system_admin, clerk):
    starts, ends = _period()
    with pytest.raises(PermissionDenied):
        services.delegation_create(
            actor=system_admin,
            delegate=clerk,
            scope=Delegation.Scope.ALL,
            starts_at=starts,
            ends_at=ends,
        )


def test_an_overlapping_identical_delegation_is_refused_but_another_scope_is_not(principal, clerk):
    starts, ends = _period(days=5)
    services.delegation_create(
        actor=principal, delegate=clerk, scope=Delegation.Scope.READ, starts_at=starts, ends_at=ends
    )
    with pytest.raises(ApplicationError, match="重叠"):
        services.delegation_create(
            actor=principal,
            delegate=clerk,
            scope=Delegation.Scope.READ,
            starts_at=starts + timedelta(days=1),
            ends_at=ends + timedelta(days=1),
        )
    services.delegation_create(
        actor=principal,
        delegate=clerk,
        scope=Delegation.Scope.MEETINGS,
        starts_at=starts,
        ends_at=ends,
    )
    assert Delegation.objects.count() == 2


def test_a_period_that_ends_before_it_starts_is_refused(principal, clerk):
    starts, ends = _period(days_from=1)
    with pytest.raises(ValidationError, match="晚于"):
        services.delegation_create(
            actor=principal,
            delegate=clerk,
            scope=Delegation.Scope.ALL,
            starts_at=ends,
            ends_at=starts,
        )


def test_only_the_principal_revokes_and_a_revoked_delegation_no_longer_applies(principal, clerk):
    starts, ends = _period()
    delegation = services.delegation_create(
        actor=principal,
        delegate=clerk,
        scope=Delegation.Scope.ALL,
        starts_at=starts - timedelta(hours=1),
        ends_at=ends,
    )
    with pytest.raises(PermissionDenied):
        services.delegation_revoke(delegation=delegation, actor=clerk)
    services.delegation_revoke(delegation=delegation, actor=principal)
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    assert can_act_for(delegate=clerk, principal=principal, scope=Delegation.Scope.ALL) is False
    with pytest.raises(ApplicationError, match="已撤回"):
        services.delegation_revoke(delegation=delegation, actor=principal)


def test_the_delegation_page_creates_a_delegation(client, principal, clerk):
    client.force_login(principal)
    response = client.post(
        reverse("organs:delegation_create"),
        {
            "delegate": clerk.pk,
            "scope": Delegation.Scope.DOCUMENTS,
            "starts_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "休假",
        },
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert delegation.delegate == clerk and delegation.reason == "休假"
    assert timezone.is_aware(delegation.starts_at)
    page = client.get(reverse("organs:delegation_list")).content.decode()
    assert "张文书" in page and "公文办理" in page


def test_the_delegation_page_shows_a_chinese_error_for_a_bad_period(client, principal, clerk):
    client.force_login(principal)
    now = timezone.localtime()
    response = client.post(
        reverse("organs:delegation_create"),
        {
            "delegate": clerk.pk,
            "scope": Delegation.Scope.ALL,
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "结束时间须晚于开始时间" in response.content.decode()
    assert not Delegation.objects.exists()


def test_the_delegate_sees_the_delegation_received_and_cannot_revoke_it(client, principal, clerk):
    starts, ends = _period()
    delegation = services.delegation_create(
        actor=principal, delegate=clerk, scope=Delegation.Scope.ALL, starts_at=starts, ends_at=ends
    )
    client.force_login(clerk)
    page = client.get(reverse("organs:delegation_list")).content.decode()
    assert "王主要" in page
    response = client.post(reverse("organs:delegation_revoke", args=[delegation.pk]))
    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.revoked_at is None


def test_the_principal_revokes_through_the_page(client, principal, clerk):
    starts, ends = _period()
    delegation = services.delegation_create(
        actor=principal, delegate=clerk, scope=Delegation.Scope.ALL, starts_at=starts, ends_at=ends
    )
    client.force_login(principal)
    response = client.post(reverse("organs:delegation_revoke", args=[delegation.pk]))
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    assert (
        AuditEvent.objects.filter(action="organs.delegation_revoke", actor=principal).count() == 1
    )


def test_the_api_creates_lists_and_revokes_delegations(client, principal, clerk):
    client.force_login(principal)
    starts, ends = _period()
    response = client.post(
        reverse("api:organs_delegation_create"),
        {
            "delegate_id": clerk.pk,
            "scope": "read",
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    listed = client.get(reverse("api:organs_delegation_list")).json()
    assert [d["id"] for d in listed] == [pk]
    assert listed[0]["delegate_name"] == "张文书"
    response = client.post(reverse("api:organs_delegation_revoke", kwargs={"pk": pk}))
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None


def test_the_api_refuses_a_delegate_of_another_organ_with_400(client, principal, outsider):
    client.force_login(principal)
    starts, ends = _period()
    response = client.post(
        reverse("api:organs_delegation_create"),
        {
            "delegate_id": outsider.pk,
            "scope": "all",
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "同一机关" in response.json()["message"]
    assert not Delegation.objects.exists()


def test_the_api_refuses_a_bad_scope_and_a_missing_field_with_400(client, principal, clerk):
    client.force_login(principal)
    starts, ends = _period()
    response = client.post(
        reverse("api:organs_delegation_create"),
        {
            "delegate_id": clerk.pk,
            "scope": "everything",
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "范围无效" in response.json()["message"]
    response = client.post(
        reverse("api:organs_delegation_create"),
        {"delegate_id": clerk.pk},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Delegation.objects.exists()


def test_the_delegate_is_notified_of_a_delegation_and_of_its_revocation(principal, clerk):
    from zhongshu.notifications.models import Notification

    starts, ends = _period()
    delegation = services.delegation_create(
        actor=principal,
        delegate=clerk,
        scope=Delegation.Scope.SIGN_OFF,
        starts_at=starts,
        ends_at=ends,
    )
    services.delegation_revoke(delegation=delegation, actor=principal)
    titles = list(
        Notification.objects.filter(recipient=clerk).order_by("id").values_list("title", flat=True)
    )
    assert titles == ["王主要 委托您代为办理：签发", "王主要 已撤回对您的委托：签发"]
    assert not Notification.objects.filter(recipient=principal).exists()


def test_the_delegation_form_explains_each_scope_in_plain_chinese(client, principal):
    """GIVEN a leader opening 新建委托 WHEN the form shows THEN every scope says what it covers,
    and 公文办理 says it leaves out 签发, 批示 and 阅文 (which the workbench and the documents'
    permissions refuse to it)."""
    client.force_login(principal)
    html = client.get(reverse("organs:delegation_create")).content.decode()
    assert html.count('type="radio" name="scope"') == len(Delegation.Scope.values)
    for description in SCOPE_DESCRIPTIONS.values():
        assert str(description) in html
    assert "不含签发、批示和阅文" in html
    assert "请选择本机关的同事" in html


def test_a_refused_delegation_form_keeps_what_the_leader_entered(client, principal, clerk):
    client.force_login(principal)
    now = timezone.localtime()
    response = client.post(
        reverse("organs:delegation_create"),
        {
            "delegate": clerk.pk,
            "scope": Delegation.Scope.SIGN_OFF,
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "出差",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input type="radio" name="scope" value="sign_off"[^>]* checked>', html)
    assert 'value="出差"' in html


def test_the_delegation_page_says_what_its_scope_covers(client, principal, clerk):
    starts, ends = _period()
    delegation = services.delegation_create(
        actor=principal, delegate=clerk, scope=Delegation.Scope.READ, starts_at=starts, ends_at=ends
    )
    client.force_login(principal)
    html = client.get(reverse("organs:delegation_detail", args=[delegation.pk])).content.decode()
    assert str(SCOPE_DESCRIPTIONS[Delegation.Scope.READ]) in html


def test_a_colleague_without_a_leading_seat_is_not_offered_a_form_that_would_be_refused(
    client, clerk, principal
):
    client.force_login(clerk)
    html = client.get(reverse("organs:delegation_list")).content.decode()
    assert reverse("organs:delegation_create") not in html
    assert "委托由领导岗位发起" in html
    response = client.get(reverse("organs:delegation_create"))
    assert response.status_code == 403
    assert "只有领导岗位可以委托他人代理" in response.content.decode()
    client.force_login(principal)
    assert (
        reverse("organs:delegation_create")
        in client.get(reverse("organs:delegation_list")).content.decode()
    )
