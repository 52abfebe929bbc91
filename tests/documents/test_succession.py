"""条例 第三十七条: a merged organ's documents and open work go to its successor."""

from __future__ import annotations

from tests.documents.conftest import content
from tests.organs.factories import OrganFactory
from zhongshu.documents import services
from zhongshu.documents.models import OutgoingDocument
from zhongshu.flow.models import WorkItem
from zhongshu.organs.models import Organ
from zhongshu.organs.services import organ_merge


def test_a_merged_organs_documents_and_open_work_move_to_the_successor(cast, system_admin):
    """
    GIVEN a 通知 of 甲市人民政府 waiting for 核稿 (an open work item of the organ)
    WHEN the system administrator merges 甲市人民政府 into another organ
    THEN the document and its open work item belong to the successor, and the old organ is
    kept, inactive
    """
    document = services.draft_create(actor=cast.drafter, content=content())
    services.route_submit(document=document, actor=cast.drafter, reviewer=cast.dept_head)
    source = document.organ
    target = OrganFactory(name="甲市新组建机关", kind=Organ.Kind.GOVERNMENT)

    organ_merge(source=source, target=target, actor=system_admin)

    document.refresh_from_db()
    assert document.organ == target
    open_items = WorkItem.objects.filter(state=WorkItem.State.OPEN, assignee=cast.dept_head)
    assert open_items.exists()
    assert all(item.organ_id == target.pk for item in open_items)
    source.refresh_from_db()
    assert source.is_active is False
    assert OutgoingDocument.objects.filter(organ=source).exists() is False


def test_a_merge_moves_nothing_of_an_unrelated_organ(cast, system_admin, organ_b):
    document = services.draft_create(actor=cast.drafter, content=content())
    other = OrganFactory(name="丁县人民政府", kind=Organ.Kind.DISTRICT)

    organ_merge(source=organ_b, target=other, actor=system_admin)

    document.refresh_from_db()
    assert document.organ != other
