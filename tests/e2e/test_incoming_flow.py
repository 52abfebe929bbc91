"""收文 in a real browser, end to end across three organs (issue 6).

乙县人民政府 dispatches a 通知 to 甲市人民政府 and 丙县人民政府 through the 发文 dispatch
service. In 甲市, every step is clicked by the person whose step it is: 签收, 登记, 初审, 拟办,
批示 by two leaders, 承办 by two departments, 传阅 to three readers, 办结 and 答复. In 丙县 the
clerk refuses it with a reason. The sender's 分送签收情况 page then shows both.

People are logged in by a session cookie (the log-in form has its own browser test); every
step itself goes through the pages.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.incoming.conftest import (  # noqa: F401 (fixtures)
    content,
    general,
    head_general,
    head_law,
    law,
    leader,
    staff_general,
)
from tests.organs.factories import DepartmentFactory, OrganFactory, PostFactory
from zhongshu.documents import services as outgoing_services
from zhongshu.documents.incoming.models import CirculationReader, IncomingDocument
from zhongshu.documents.models import OutgoingDocument
from zhongshu.organs.models import Organ, Role

Status = IncomingDocument.Status


def _as(page, base_url: str, user) -> None:
    """Switch the browser to ``user`` (a fresh session cookie; no other state kept)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


def _act(
    page,
    base_url: str,
    user,
    url: str,
    action: str,
    fill: dict | None = None,
    selects: dict | None = None,
    button: str = "",
    people: dict | None = None,
) -> None:
    """As ``user``, open the item, fill the form of ``action`` and submit it; expect success."""
    _as(page, base_url, user)
    page.goto(url)
    form = page.locator(f'form[action$="/act/{action}/"]')
    expect(form).to_be_visible()
    for name, value in (fill or {}).items():
        form.locator(f'[name="{name}"]').fill(value)
    for name, value in (selects or {}).items():
        form.locator(f'select[name="{name}"]').select_option(value)
    for prefix, chosen in (people or {}).items():  # ticked one after another: their order
        for person in chosen:
            form.locator(f'input[name="{prefix}"][value="{person.pk}"]').check()
    form.locator('button[type="submit"]').click()
    expect(page.locator(".alert-success, .alert.alert-success").first).to_be_visible()


def test_a_notice_to_two_organs_is_handled_in_one_refused_in_the_other_and_the_sender_sees_both(
    request, page, live_server, organ_a, organ_b, clerk, director, principal, outsider
):
    """
    GIVEN 乙县人民政府 dispatches a 通知 to 甲市人民政府 and 丙县人民政府
    WHEN 甲市 signs for it, registers, screens, proposes, two leaders instruct, two departments
         handle, three readers read, the office closes and answers, the archivist files it;
         and 丙县 refuses it
    THEN the document in 甲市 has every step on its slip and a 档号, 丙县's is refused, and the
         sender's page shows 甲市 已归档 with the signer and the reply, and 丙县 已拒收 with why
    """
    deputy, general_dept, law_dept, head_gen, head_lw, staff = (
        request.getfixturevalue(name)
        for name in ("leader", "general", "law", "head_general", "head_law", "staff_general")
    )
    base = live_server.url
    organ_c = OrganFactory(
        name="丙县人民政府", short_name="丙县政府", org_code="丙政", kind=Organ.Kind.DISTRICT
    )
    clerk_c = PostFactory(
        department=DepartmentFactory(organ=organ_c, name="办公室", is_office=True),
        title="文书",
        holder__full_name="陈文书",
        roles=[Role.CLERK],
    ).holder
    data = content(primary_recipients=["甲市人民政府", "丙县人民政府"])
    post = outsider.posts.first()
    outgoing = OutgoingDocument.objects.create(
        organ=organ_b,
        department=post.department,
        drafter=outsider,
        content=data,
        title=data["title"],
        doc_type=data["doc_type"],
        status=OutgoingDocument.Status.DISPATCH,
        doc_number=data["doc_number"],
        signed_on=timezone.localdate(),
    )
    outgoing_services.document_dispatch(document=outgoing, actor=outsider)
    doc_a = IncomingDocument.objects.get(organ=organ_a)
    doc_c = IncomingDocument.objects.get(organ=organ_c)
    url_a = doc_a.get_absolute_url()

    # 甲市: 签收, 登记, 初审 by the clerk
    _act(page, base, clerk, url_a, "acknowledge")
    _act(page, base, clerk, url_a, "register")
    _act(page, base, clerk, url_a, "screen")
    # 拟办 by the office director, to two leaders in turn
    _act(
        page,
        base,
        director,
        url_a,
        "propose",
        fill={"opinion": "请王市长、吴副市长阅示"},
        people={"leader": [principal, deputy]},
    )
    _act(page, base, principal, url_a, "instruct", fill={"text": "同意，请综合处牵头办理"})
    _act(page, base, deputy, url_a, "instruct", fill={"text": "请法规处配合"})
    # 承办: 综合处 leads, 法规处 co-handles
    _act(
        page,
        base,
        clerk,
        url_a,
        "assign",
        selects={"lead_department": str(general_dept.pk), "co_departments": str(law_dept.pk)},
    )
    _act(page, base, head_lw, url_a, "handle", fill={"result": "已审核有关条款"})
    _act(page, base, head_gen, url_a, "handle", fill={"result": "已部署到各乡镇"})
    # 传阅 to three readers at once; each reads it
    _act(
        page,
        base,
        clerk,
        url_a,
        "circulate",
        fill={"purpose": "请知悉防汛部署"},
        selects={"mode": "parallel"},
        people={"reader": [staff, head_lw, director]},
    )
    for reader in (staff, head_lw, director):
        _act(page, base, reader, url_a, "read", fill={"opinion": f"{reader.full_name}已阅"})
    # 办结 and 答复
    _act(page, base, clerk, url_a, "close", fill={"result": "已按要求部署完毕"})
    _act(page, base, clerk, url_a, "reply", fill={"text": "我市已全面部署防汛工作"})

    # 丙县: refused with a reason
    _act(page, base, clerk_c, doc_c.get_absolute_url(), "refuse", fill={"reason": "非本县主管事项"})

    doc_a.refresh_from_db()
    doc_c.refresh_from_db()
    assert doc_a.status == Status.CLOSED
    assert [i.text for i in doc_a.instructions.order_by("order")] == [
        "同意，请综合处牵头办理",
        "请法规处配合",
    ]
    assert all(h.is_done for h in doc_a.handlings.all())
    assert (
        CirculationReader.objects.filter(circulation__document=doc_a, read_at__isnull=False).count()
        == 3
    )
    assert doc_c.status == Status.REFUSED

    # The receiver's slip shows the whole route
    _as(page, base, clerk)
    page.goto(reverse("incoming:slip", args=[doc_a.pk]))
    for text in [
        "请王市长、吴副市长阅示",
        "同意，请综合处牵头办理",
        "已部署到各乡镇",
        "已按要求部署完毕",
    ]:
        expect(page.locator("body")).to_contain_text(text)

    # 甲市's 档案员 files it as a 件 from the item page (DA/T 22-2015 档号)
    archivist = PostFactory(
        department=clerk.posts.first().department,
        title="档案员",
        holder__full_name="林档案",
        roles=[Role.ARCHIVIST],
    ).holder
    _as(page, base, archivist)
    page.goto(url_a)
    filing = page.locator(f'form[action$="/archive/file/incoming/{doc_a.pk}/"]')
    filing.locator('[name="class_code"]').fill("ZHC")
    filing.locator('button[type="submit"]').click()
    expect(page.locator(".alert-success").first).to_contain_text("-ZHC-0001")
    page.goto(url_a)
    expect(page.locator(".zs-archival-code")).to_have_text(re.compile(r"-WS·\d{4}-D30-ZHC-0001$"))

    # The sender sees every recipient's state, and why 丙县 refused
    _as(page, base, outsider)
    page.goto(reverse("incoming:receipts", args=[outgoing.pk]))
    row_a = page.locator('tr[data-recipient="甲市人民政府"]')
    row_c = page.locator('tr[data-recipient="丙县人民政府"]')
    expect(row_a.locator(".zs-state")).to_have_text("已归档")
    expect(row_a).to_contain_text(clerk.full_name)
    expect(row_a).to_contain_text("我市已全面部署防汛工作")
    expect(row_c.locator(".zs-state")).to_have_text("已拒收")
    expect(row_c).to_contain_text("非本县主管事项")
