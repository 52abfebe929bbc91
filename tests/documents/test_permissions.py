"""Who sees a 发文 and who may act: across organs, by role, by route, by clearance."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.documents.conftest import delegate
from tests.organs.factories import DepartmentFactory, PostFactory
from zhongshu.documents import permissions
from zhongshu.documents.models import OutgoingDocument
from zhongshu.documents.selectors import (
    document_get_for_user,
    documents_to_handle,
    documents_visible_to,
)
from zhongshu.organs.models import Classification, Delegation, Role

Status = OutgoingDocument.Status
Action = permissions.Action


def test_an_outsider_gets_404_for_another_organs_document(cast, outsider):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    with pytest.raises(Http404):
        document_get_for_user(user=outsider, pk=doc.pk)
    assert not documents_visible_to(user=outsider).exists()


def test_a_colleague_off_the_route_does_not_see_a_draft(cast, organ_a):
    other = PostFactory(
        department=DepartmentFactory(organ=organ_a, name="人事处"),
        title="科员",
        roles=[Role.DRAFTER],
    ).holder
    doc = cast.draft()

    with pytest.raises(Http404):
        document_get_for_user(user=other, pk=doc.pk)


def test_people_on_the_route_keep_seeing_the_document(cast):
    doc = cast.advance(cast.draft(), Status.SIGN_OFF)

    for person in (cast.drafter, cast.dept_head, cast.director, cast.leader):
        assert document_get_for_user(user=person, pk=doc.pk) == doc


def test_the_offices_clerk_sees_the_organs_documents(cast):
    doc = cast.draft()

    assert document_get_for_user(user=cast.clerk, pk=doc.pk) == doc


def test_the_three_administrators_see_no_document(cast, system_admin, security_admin, audit_admin):
    doc = cast.advance(cast.draft(), Status.DISPATCHED)

    for admin in (system_admin, security_admin, audit_admin):
        assert not documents_visible_to(user=admin).exists()
        with pytest.raises(Http404):
            document_get_for_user(user=admin, pk=doc.pk)


def test_a_visible_document_with_a_foreign_action_is_403(cast):
    doc = cast.advance(cast.draft(), Status.REVIEW)

    with pytest.raises(PermissionDenied):
        document_get_for_user(user=cast.clerk, pk=doc.pk, action=Action.PASS)
    assert document_get_for_user(user=cast.dept_head, pk=doc.pk, action=Action.PASS) == doc


def test_a_receiving_clerk_sees_the_document_only_after_dispatch(cast, organ_b_below_a, outsider):
    doc = cast.advance(cast.draft(), Status.DISPATCH)
    with pytest.raises(Http404):
        document_get_for_user(user=outsider, pk=doc.pk)

    cast.advance(doc, Status.DISPATCHED)

    assert document_get_for_user(user=outsider, pk=doc.pk) == doc
    assert permissions.allowed_actions(outsider, doc) == {Action.VIEW, Action.DOWNLOAD}


def test_classified_documents_are_hidden_from_people_below_their_classification(cast):
    """
    GIVEN a 机密 document drafted by a cleared drafter
    WHEN the office clerk (cleared only for 秘密) looks for it
    THEN it is a 404, although the clerk sees the organ's other documents
    AND once the clerk is cleared for 机密 it is visible
    """
    cast.drafter.clearance = Classification.CONFIDENTIAL
    cast.drafter.save(update_fields=["clearance"])
    cast.clerk.clearance = Classification.SECRET
    cast.clerk.save(update_fields=["clearance"])
    secret = cast.draft(classification="机密", classification_period="10年")
    plain = cast.draft()

    with pytest.raises(Http404):
        document_get_for_user(user=cast.clerk, pk=secret.pk)
    assert list(documents_visible_to(user=cast.clerk)) == [plain]

    cast.clerk.clearance = Classification.CONFIDENTIAL
    cast.clerk.save(update_fields=["clearance"])
    assert document_get_for_user(user=cast.clerk, pk=secret.pk) == secret


def test_an_uncleared_person_cannot_be_chosen_as_a_handler(cast):
    for person in (cast.drafter, cast.dept_head):
        person.clearance = Classification.SECRET
        person.save(update_fields=["clearance"])
    doc = cast.draft(classification="秘密", classification_period="1年")
    cast.advance(doc, Status.REVIEW)

    from django.core.exceptions import ValidationError

    from zhongshu.documents import services

    with pytest.raises(ValidationError):  # the director has no clearance
        services.route_pass(document=doc, actor=cast.dept_head, next_handler=cast.director)


def test_a_delegate_sees_what_waits_for_the_principal_and_may_sign(cast, secretary):
    doc = cast.advance(cast.draft(direction="上行文"), Status.SIGN_OFF)
    with pytest.raises(Http404):
        document_get_for_user(user=secretary, pk=doc.pk)

    delegate(cast.principal, secretary, Delegation.Scope.SIGN_OFF)

    assert document_get_for_user(user=secretary, pk=doc.pk, action=Action.SIGN_OFF) == doc
    assert Action.SIGN_OFF in permissions.allowed_actions(secretary, doc)


def test_to_handle_lists_what_waits_for_each_person(cast):
    reviewing = cast.advance(cast.draft(), Status.REVIEW)
    registering = cast.advance(cast.draft(), Status.REGISTER)
    draft = cast.draft()

    assert list(documents_to_handle(user=cast.dept_head)) == [reviewing]
    assert list(documents_to_handle(user=cast.clerk)) == [registering]
    assert list(documents_to_handle(user=cast.drafter)) == [draft]


def test_allowed_actions_show_the_current_handlers_buttons(cast):
    doc = cast.advance(cast.draft(), Status.AUDIT)

    assert permissions.allowed_actions(cast.director, doc) == {
        Action.VIEW,
        Action.EDIT,
        Action.PASS,
        Action.RETURN,
    }
    assert permissions.allowed_actions(cast.drafter, doc) == {Action.VIEW, Action.WITHDRAW}


def test_the_successor_of_a_rotated_reviewer_takes_the_step_over(cast, department_a, system_admin):
    """
    GIVEN a document waiting for the department head's 核稿
    WHEN the head rotates away and the system administrator hands the open work to a successor
    THEN the successor sees the document among their work and passes it
    """
    from zhongshu.documents import services
    from zhongshu.flow.services import workitem_hand_over

    successor = PostFactory(
        department=department_a,
        title="副处长",
        holder__full_name="何副处长",
        roles=[Role.DEPARTMENT_HEAD],
    ).holder
    doc = cast.advance(cast.draft(), Status.REVIEW)
    with pytest.raises(PermissionDenied):
        services.route_pass(document=doc, actor=successor, next_handler=cast.director)

    workitem_hand_over(
        from_user=cast.dept_head, to_user=successor, actor=system_admin, reason="轮岗"
    )

    assert list(documents_to_handle(user=successor)) == [doc]
    services.route_pass(document=doc, actor=successor, next_handler=cast.director)
    doc.refresh_from_db()
    assert doc.status == Status.AUDIT
    assert doc.steps.get(step=Status.REVIEW).actor == successor


# --- one visibility answer per request (issue #11) -------------------------------------------


def test_who_may_see_is_asked_once_per_request_and_again_after_a_move(
    cast, django_assert_num_queries
):
    """
    GIVEN a document in 核稿 and one request's memo
    WHEN its page asks for every action, then the route moves it on within the same request
    THEN visibility is computed once before the move and once again after it
    """
    from zhongshu.documents import services
    from zhongshu.lib import request_memo

    doc = cast.advance(cast.draft(), Status.REVIEW)
    with request_memo.scope():
        permissions.may_view(cast.dept_head, doc)
        with django_assert_num_queries(0):
            assert permissions.may_view(cast.dept_head, doc) is True
        services.route_pass(
            document=doc, actor=cast.dept_head, opinion="核稿通过", next_handler=cast.director
        )
        doc.refresh_from_db()
        with django_assert_num_queries(4):  # two roles, the delegations, the document
            assert permissions.may_view(cast.dept_head, doc) is True


def test_outside_a_request_nothing_is_remembered(cast, django_assert_num_queries):
    doc = cast.advance(cast.draft(), Status.REVIEW)
    permissions.may_view(cast.dept_head, doc)

    with django_assert_num_queries(4):
        permissions.may_view(cast.dept_head, doc)
