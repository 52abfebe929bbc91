"""Who sees a 收文 and who acts: the office, the people on the routing, clearance; 404/403."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhongshu.documents.incoming import permissions, selectors
from zhongshu.documents.incoming.models import IncomingDocument
from zhongshu.documents.incoming.permissions import Action
from zhongshu.organs.models import Classification

Status = IncomingDocument.Status


def test_the_sending_organ_cannot_open_the_receivers_item(cast):
    doc = cast.receive()

    with pytest.raises(Http404):
        selectors.incoming_get_for_user(user=cast.sender, pk=doc.pk)
    assert not selectors.incoming_visible_to(user=cast.sender).exists()


def test_administrators_never_see_incoming_documents(
    cast, system_admin, security_admin, audit_admin
):
    doc = cast.receive()

    for admin in (system_admin, security_admin, audit_admin):
        assert not selectors.incoming_visible_to(user=admin).filter(pk=doc.pk).exists()


def test_people_of_the_organ_off_the_routing_do_not_see_it(cast, head_general, leader):
    doc = cast.advance(cast.receive(), Status.SCREENED)

    for person in (head_general, leader):
        with pytest.raises(Http404):
            selectors.incoming_get_for_user(user=person, pk=doc.pk)


def test_people_join_the_visible_scope_as_the_routing_reaches_them(cast, staff_general):
    """
    GIVEN a document before 拟办
    WHEN it is proposed to the leader and assigned to the 综合处
    THEN the leader sees it from 拟办 on, the 综合处's people from 承办 on
    """
    doc = cast.advance(cast.receive(), Status.SCREENED)
    assert not permissions.may_view(cast.leader, doc)

    doc = cast.advance(doc, Status.PROPOSED)
    assert permissions.may_view(cast.leader, doc)
    assert not permissions.may_view(staff_general, doc)

    doc = cast.advance(doc, Status.HANDLING)
    assert permissions.may_view(staff_general, doc)
    assert permissions.may_view(cast.head_law, doc)


def test_a_visible_action_that_is_not_yours_is_a_403(cast):
    doc = cast.advance(cast.receive(), Status.PROPOSED)

    with pytest.raises(PermissionDenied):
        selectors.incoming_get_for_user(user=cast.clerk, pk=doc.pk, action=Action.INSTRUCT)
    assert (
        selectors.incoming_get_for_user(user=cast.leader, pk=doc.pk, action=Action.INSTRUCT) == doc
    )


def test_clearance_below_the_classification_hides_it_even_on_the_routing(cast, clerk, director):
    for person in (clerk, director, cast.leader):
        person.clearance = Classification.CONFIDENTIAL
        person.save(update_fields=["clearance"])
    doc = cast.advance(cast.receive(classification=Classification.SECRET), Status.PROPOSED)
    assert permissions.may_view(cast.leader, doc)

    cast.leader.clearance = Classification.NONE
    cast.leader.save(update_fields=["clearance"])

    with pytest.raises(Http404):
        selectors.incoming_get_for_user(user=cast.leader, pk=doc.pk)


def test_allowed_actions_follow_the_step(cast):
    doc = cast.receive()
    assert permissions.allowed_actions(cast.clerk, doc) == {
        Action.VIEW,
        Action.ACKNOWLEDGE,
        Action.REFUSE,
    }  # no 催办: the clerk holds the 签收 herself, and nobody chases themselves
    doc = cast.advance(doc, Status.SCREENED)
    assert Action.PROPOSE in permissions.allowed_actions(cast.director, doc)
    assert Action.PROPOSE not in permissions.allowed_actions(cast.clerk, doc)
    assert permissions.allowed_actions(cast.sender, doc) == set()


def test_the_inbox_counts_its_tabs(cast):
    cast.receive()
    cast.advance(cast.receive(), Status.REGISTERED)
    cast.advance(cast.receive(), Status.CLOSED)

    assert selectors.incoming_box_counts(user=cast.clerk) == {"pending": 1, "open": 1, "done": 1}
    assert selectors.incoming_box_counts(user=cast.sender) == {"pending": 0, "open": 0, "done": 0}


def test_the_organs_archivist_sees_closed_and_filed_documents_only(cast, office_a):
    from tests.organs.factories import PostFactory
    from zhongshu.documents.incoming import selectors
    from zhongshu.organs.models import Role

    archivist = PostFactory(department=office_a, title="档案员", roles=[Role.ARCHIVIST]).holder
    open_doc = cast.advance(cast.receive(title="乙县人民政府关于甲事项的通知"), "registered")
    closed = cast.advance(cast.receive(title="乙县人民政府关于乙事项的通知"), "closed")

    visible = set(selectors.incoming_visible_to(user=archivist).values_list("pk", flat=True))

    assert closed.pk in visible
    assert open_doc.pk not in visible
