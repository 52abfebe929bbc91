"""Reads of work items that the workbench, the API and the services share, scoped to the user.

A person sees the items assigned to them, the items they started or completed, the items done
in their name ("X 代 Y"), and the open items of people who delegated that kind of work to them
(委托). Anything else does not exist for them (404).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.apps import apps
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhongshu.flow.models import DONE_FOR_ANOTHER, WorkItem, WorkItemTransition
from zhongshu.organs.models import Delegation
from zhongshu.organs.selectors import active_delegations

Scope = Delegation.Scope

# Which work a delegation scope covers. ``ALL`` covers everything; the others cover one module,
# one kind, or one step by its label. The Python predicate and the query filter say the same
# thing, one for a single item, one for the workbench's single query.
_SIGN_OFF_ACTIONS = ("签发",)
_INSTRUCT_ACTIONS = ("批示", "批办")
_PERSONAL_ACTIONS = _SIGN_OFF_ACTIONS + _INSTRUCT_ACTIONS
_SCOPE_RULES = {
    Scope.ALL: (lambda item: True, Q()),
    # 公文办理 is the routine handling of documents: not the personal acts that have scopes of
    # their own (签发, 批示, 阅文), which the documents' permissions refuse to it as well; so the
    # delegate's workbench lists only what the delegate can do.
    Scope.DOCUMENTS: (
        lambda item: (
            item.module == WorkItem.Module.DOCUMENTS
            and item.kind == WorkItem.Kind.TODO
            and item.action not in _PERSONAL_ACTIONS
        ),
        Q(module=WorkItem.Module.DOCUMENTS, kind=WorkItem.Kind.TODO)
        & ~Q(action__in=_PERSONAL_ACTIONS),
    ),
    Scope.MEETINGS: (
        lambda item: item.module == WorkItem.Module.MEETINGS,
        Q(module=WorkItem.Module.MEETINGS),
    ),
    Scope.READ: (
        lambda item: item.kind == WorkItem.Kind.TO_READ,
        Q(kind=WorkItem.Kind.TO_READ),
    ),
    Scope.SIGN_OFF: (
        lambda item: item.action in _SIGN_OFF_ACTIONS,
        Q(action__in=_SIGN_OFF_ACTIONS),
    ),
    Scope.INSTRUCT: (
        lambda item: item.action in _INSTRUCT_ACTIONS,
        Q(action__in=_INSTRUCT_ACTIONS),
    ),
}


# --- Titles under the viewer's clearance --------------------------------------------------------

#: What a person sees instead of the title of a work item (or of a notification about one) whose
#: object's 密级 her current clearance does not admit.
MASKED_TITLE = _("（密级文件，您当前无权查看标题）")


@functools.cache
def _classified_models() -> tuple[type, ...]:
    """The models that carry a 密级 (``classification``) and can be the target of a work item:
    found once from the model registry, so flow imports no business app."""
    return tuple(
        model
        for model in apps.get_models()
        if any(f.name == "classification" for f in model._meta.concrete_fields)
        # a notification carries the 密级 of what it is about, but is never a work item's target
        and model._meta.label_lower != "notifications.notification"
    )


def target_classification(*, prefix: str = ""):
    """SQL: the 密级 of the object a work item points at, read in the same query (0 when the
    object has none). ``prefix`` reaches the work item from another model (``work_item__``).

    One ``CASE`` on the target's content type (joined by app label and model name, so a cold
    content-type cache costs no query) with one correlated subquery per classified model: the
    page's rows only, no query per row.
    """
    whens = [
        When(
            **{
                f"{prefix}target_type__app_label": model._meta.app_label,
                f"{prefix}target_type__model": model._meta.model_name,
            },
            then=Subquery(
                model._default_manager.filter(pk=OuterRef(f"{prefix}target_id")).values(
                    "classification"
                )[:1]
            ),
        )
        for model in _classified_models()
    ]
    if not whens:
        return Value(0, output_field=IntegerField())
    return Coalesce(
        Case(*whens, default=Value(0), output_field=IntegerField()),
        Value(0),
        output_field=IntegerField(),
    )


def with_shown_titles(
    qs: QuerySet,
    *,
    user=None,
    clearance: F | None = None,
    prefix: str = "",
    body: str | None = None,
    own_classification: str | None = None,
) -> QuerySet:
    """The one rule for showing the title of a work item or notification: annotate
    ``shown_title`` (and ``shown_body``) with the stored text when the viewer's *current*
    clearance admits the 密级 of the object, else ``MASKED_TITLE`` (and an empty body).

    The viewer is ``user``, or, for rows of many viewers at once (a batch of notifications
    handed to the e-mail and SMS channels), ``clearance``: an expression reaching each row's
    viewer (``F("recipient__clearance")``).

    ``own_classification`` names a field of the row that carries the 密级 itself (a
    notification about a document sent without a work item): the row is masked when either
    that 密级 or its work item's target's is above the clearance.

    Computed at read time, so lowering a person's clearance hides the titles already on her
    workbench and in her notifications at once. Every page, partial and API that shows such a
    title reads ``shown_title``.
    """
    if clearance is None:
        clearance = int(getattr(user, "clearance", 0) or 0)
    qs = qs.annotate(target_classification=target_classification(prefix=prefix))
    masked = Q(target_classification__gt=clearance)
    if own_classification is not None:
        masked |= Q(**{f"{own_classification}__gt": clearance})
    shown = {
        "shown_title": Case(
            When(masked, then=Value(gettext(MASKED_TITLE))),
            default=F("title"),
            output_field=CharField(),
        )
    }
    if body is not None:
        shown["shown_body"] = Case(
            When(masked, then=Value("")), default=F(body), output_field=TextField()
        )
    return qs.annotate(**shown)


class Tab:
    """The workbench tabs (待办 / 待阅 / 已办 / 我发起的)."""

    TODO = "todo"
    TO_READ = "to_read"
    DONE = "done"
    STARTED = "started"
    CHOICES = (
        (TODO, _("待办")),
        (TO_READ, _("待阅")),
        (DONE, _("已办")),
        (STARTED, _("我发起的")),
    )
    ALL = tuple(value for value, _label in CHOICES)


def workitem_delegation_scopes(item: WorkItem) -> list[str]:
    """The delegation scopes under which someone may act on ``item`` for its assignee."""
    return [scope for scope, (matches, _q) in _SCOPE_RULES.items() if matches(item)]


def _delegated_q(*, user) -> Q | None:
    """Items of people who delegated to ``user`` now, limited to each delegation's scope.

    One small query for the user's active delegations; the result is a filter for the main
    query, so the workbench stays at a constant number of queries. Cached on the user object,
    which lives for one request, so the list and the counts share the one query.
    """
    cached = getattr(user, "_flow_delegated_q", False)
    if cached is not False:
        return cached
    parts = [
        Q(assignee_id=principal_id) & _SCOPE_RULES[scope][1]
        for principal_id, scope in active_delegations(delegate=user).values_list(
            "principal_id", "scope"
        )
        if scope in _SCOPE_RULES
    ]
    combined = None
    for part in parts:
        combined = part if combined is None else combined | part
    user._flow_delegated_q = combined
    return combined


def _mine_q(*, user) -> Q:
    """Items assigned to ``user`` or to someone who delegated that work to them now."""
    mine = Q(assignee=user)
    delegated = _delegated_q(user=user)
    if delegated is not None:
        mine |= delegated
    return mine


def _tab_filters(*, user) -> dict[str, Q]:
    mine = _mine_q(user=user)
    open_ = Q(state=WorkItem.State.OPEN)
    return {
        Tab.TODO: open_ & Q(kind=WorkItem.Kind.TODO) & mine,
        Tab.TO_READ: open_ & Q(kind=WorkItem.Kind.TO_READ) & mine,
        Tab.DONE: Q(state=WorkItem.State.DONE) & (Q(completed_by=user) | Q(assignee=user)),
        Tab.STARTED: Q(created_by=user),
    }


def _done_arms(*, user) -> list[Q]:
    """The 已办 tab as two disjoint filters, each served in order by its own index.

    ``completed_by = u OR assignee = u`` can use no single index together with the order by
    ``-completed_at``, so the database would fetch and sort every done item of the person to
    show twenty. Split, each half is one index range read in order: the person's own done items
    whoever completed them (``workitem_done_assignee``), and what the person completed for
    someone else (the partial ``workitem_done_for_another``, small since most items are
    completed by their assignee). An item in the second has another assignee, so none is in both.
    """
    done = Q(state=WorkItem.State.DONE)
    return [
        done & Q(assignee=user),
        done & Q(completed_by=user) & DONE_FOR_ANOTHER,
    ]


_ORDERING = {
    # urgent first, then the nearest deadline, then the newest
    Tab.TODO: ("-urgent", F("deadline").asc(nulls_last=True), "-created_at", "-id"),
    Tab.TO_READ: ("-urgent", F("deadline").asc(nulls_last=True), "-created_at", "-id"),
    Tab.DONE: ("-completed_at", "-id"),
    Tab.STARTED: ("-created_at", "-id"),
}
_RELATED = ("assignee", "acting_for", "completed_by", "created_by")


class _PagedItems:
    """What ``Paginator`` needs (``count()``, ``len()``, ``[start:stop]``) from a page source
    that is not a queryset; subclasses say how to count (``_count_all``) and how to read one
    slice (``_page``)."""

    ordered = True  # for Paginator: the order is the tab's, not the database's whim

    def __init__(self, *, ordering: tuple, shown: Callable[[QuerySet], QuerySet]) -> None:
        self._ordering = ordering
        self._shown = shown  # annotates the titles the viewer may see (``with_shown_titles``)
        self._count: int | None = None

    def _count_all(self) -> int:
        raise NotImplementedError

    def _page(self, start: int, stop: int) -> list[WorkItem]:
        raise NotImplementedError

    def count(self) -> int:
        if self._count is None:
            self._count = self._count_all()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def use_count(self, count: int):
        """Take the count from ``workitem_counts`` (same person, same module, no overdue
        filter), so that the page does not count the same rows twice."""
        self._count = count
        return self

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        if key.step not in (None, 1) or key.stop is None:
            raise ValueError(f"{type(self).__name__} supports [start:stop] slices only")
        start, stop = key.start or 0, key.stop
        if stop <= start:
            return []
        return self._page(start, stop)

    def __iter__(self):
        return iter(self[0 : self.count()])


class MergedItems(_PagedItems):
    """A sliceable list of work items read from disjoint querysets, each ordered by an index.

    What ``Paginator`` needs (``count()`` and slicing) without one query over an ``OR``: a
    page ``[start:stop]`` reads at most ``stop`` rows from each arm (an index range read in
    order, so ``LIMIT stop``), merges them by the tab's order and keeps the slice; the count is
    one ``COUNT(*)`` over a ``UNION ALL`` of the arms, each counted from its index. Two
    queries per page whatever the person's history, as with a single queryset.
    """

    def __init__(
        self,
        arms: list[QuerySet[WorkItem]],
        *,
        ordering: tuple[str, ...],
        shown: Callable[[QuerySet], QuerySet],
    ) -> None:
        super().__init__(ordering=ordering, shown=shown)
        self._arms = arms

    def _count_all(self) -> int:
        first, *rest = [arm.order_by().values("pk") for arm in self._arms]
        return first.union(*rest, all=True).count() if rest else first.count()

    def _sort_key(self, item: WorkItem) -> tuple:
        return tuple(getattr(item, name.lstrip("-")) for name in self._ordering)

    def _page(self, start: int, stop: int) -> list[WorkItem]:
        rows: list[WorkItem] = []
        for arm in self._arms:
            rows += self._shown(arm.select_related(*_RELATED).order_by(*self._ordering))[:stop]
        # Every field of the order is descending (``-completed_at``, ``-id``).
        rows.sort(key=self._sort_key, reverse=True)
        return rows[start:stop]


class IdsFirst(_PagedItems):
    """A sliceable page of work items that sorts and limits ids before joining the people.

    The 待办/待阅 order (urgent, nearest deadline, newest) matches no index, so the database
    sorts the person's open items to keep twenty. With ``select_related`` in the same query,
    PostgreSQL joined every open item to three scans of ``accounts_user`` first and sorted
    afterwards (bench/README.md "Slow spots" 1). Here the page is one query
    ``WHERE id IN (SELECT id … ORDER BY … LIMIT n)``: the inner select reads the work-item
    index alone (``workitem_inbox``) and sorts ids; only the page's rows meet the people.
    Same number of queries as the queryset (one count, one page).
    """

    def __init__(
        self, qs: QuerySet[WorkItem], *, ordering: tuple, shown: Callable[[QuerySet], QuerySet]
    ) -> None:
        super().__init__(ordering=ordering, shown=shown)
        self._qs = qs.order_by(*ordering)

    def _count_all(self) -> int:
        return self._qs.count()

    def _page(self, start: int, stop: int) -> list[WorkItem]:
        ids = self._qs.values("pk")[start:stop]
        return list(
            self._shown(
                WorkItem.objects.filter(pk__in=ids)
                .select_related(*_RELATED)
                .order_by(*self._ordering)
            )
        )

    def __iter__(self):
        return iter(list(self._shown(self._qs.select_related(*_RELATED))))


def workitems_for_user(
    *,
    user,
    tab: str,
    module: str | None = None,
    overdue: bool = False,
    now=None,
    counts: dict[str, int] | None = None,
) -> QuerySet[WorkItem] | MergedItems | IdsFirst:
    """The items of one workbench tab, with the people shown beside them loaded.

    ``overdue`` keeps only open items past their deadline (the red ones). The 已办 tab is a
    ``MergedItems`` (two index-ordered reads, see ``_done_arms``); 待办 and 待阅 are ``IdsFirst``
    (ids sorted and limited before the people are joined); 我发起的 is a queryset.
    ``counts``: the caller's ``workitem_counts`` (same person and module), whose total of the
    tab a ``MergedItems``/``IdsFirst`` takes instead of counting the same rows again; not with
    ``overdue``, which keeps fewer rows.
    """
    if tab not in Tab.ALL:
        raise Http404

    def narrow(qs: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
        if module:
            qs = qs.filter(module=module)
        if overdue:
            qs = qs.filter(state=WorkItem.State.OPEN, deadline__lt=now or timezone.now())
        return qs

    def shown(qs: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
        return with_shown_titles(qs, user=user)

    items: _PagedItems
    if tab == Tab.DONE:
        arms = [narrow(WorkItem.objects.filter(q)) for q in _done_arms(user=user)]
        items = MergedItems(arms, ordering=_ORDERING[tab], shown=shown)
    else:
        qs = narrow(WorkItem.objects.filter(_tab_filters(user=user)[tab]))
        if tab not in (Tab.TODO, Tab.TO_READ):
            return shown(qs.select_related(*_RELATED).order_by(*_ORDERING[tab]))
        items = IdsFirst(qs, ordering=_ORDERING[tab], shown=shown)
    if counts is not None and not overdue:
        items.use_count(counts[tab])
    return items


def workitem_counts(*, user, module: str | None = None, now=None) -> dict[str, int]:
    """The count of every tab and of overdue open items, each read from an index.

    1. 待办, 待阅 and overdue: one aggregate over the person's (and their principals') *open*
       items only (``workitem_inbox``), not over their whole history.
    2. 已办: the two index-served arms of the tab, counted in one ``UNION ALL``.
    3. 我发起的: a count on ``workitem_created_by``.
    """
    now = now or timezone.now()
    filters = _tab_filters(user=user)

    def narrow(qs: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
        return qs.filter(module=module) if module else qs

    open_items = narrow(WorkItem.objects.filter(filters[Tab.TODO] | filters[Tab.TO_READ]))
    counts = open_items.aggregate(
        todo=Count("pk", filter=Q(kind=WorkItem.Kind.TODO)),
        to_read=Count("pk", filter=Q(kind=WorkItem.Kind.TO_READ)),
        overdue=Count("pk", filter=Q(deadline__lt=now)),
    )
    done = workitems_for_user(user=user, tab=Tab.DONE, module=module)
    counts[Tab.DONE] = done.count()
    counts[Tab.STARTED] = narrow(WorkItem.objects.filter(filters[Tab.STARTED])).count()
    return {key: counts[key] for key in (*Tab.ALL, "overdue")}


def workitems_mark_completed_for(items) -> None:
    """Say, on each done item of a page completed by someone else, how that came about.

    ``completed_for_principal`` is false when one holder of a shared step (an office's 登记编号,
    a pooled 签收) closed everyone's copy at once (``workitems_complete_for_target``: its
    completing transition names no one in ``acting_for``), which is no "代"; true otherwise (the
    completer acted for the assignee under a delegation, "X 代 Y"). One query, only when the
    page holds such items.
    """
    others = [i for i in items if i.completed_by_id and i.completed_by_id != i.assignee_id]
    if not others:
        return
    shared = set(
        WorkItemTransition.objects.filter(
            item_id__in=[i.pk for i in others],
            kind=WorkItemTransition.Kind.COMPLETE,
            acting_for__isnull=True,
        ).values_list("item_id", flat=True)
    )
    for item in others:
        item.completed_for_principal = item.pk not in shared


def workitem_visible_q(*, user) -> Q:
    mine = Q(assignee=user) | Q(created_by=user) | Q(completed_by=user) | Q(acting_for=user)
    delegated = _delegated_q(user=user)
    if delegated is not None:
        mine |= delegated
    return mine


def workitem_get_for_user(*, user, pk: int) -> WorkItem:
    """The item if ``user`` may see it, else 404 (another person's item does not exist)."""
    item = with_shown_titles(
        WorkItem.objects.filter(workitem_visible_q(user=user), pk=pk).select_related(
            "assignee", "acting_for", "completed_by", "organ"
        ),
        user=user,
    ).first()
    if item is None:
        raise Http404
    return item


def workitem_may_complete(*, item: WorkItem, user) -> bool:
    """Whether ``user`` may complete ``item`` now: its assignee or a delegate within scope."""
    if not item.is_open:
        return False
    if user.pk == item.assignee_id:
        return True
    scopes = workitem_delegation_scopes(item)
    return (
        active_delegations(delegate=user)
        .filter(principal_id=item.assignee_id, scope__in=scopes)
        .exists()
    )


# 待阅 actions that their module closes when the reading is recorded there (documents.incoming's
# circulation_read completes its 传阅 items, with the reader's opinion and the sender's view of
# who has read).
READ_BY_MODULE_ACTIONS = ("传阅",)
DONE_BY_MODULE_MESSAGE = _(
    "该事项须在公文页面上办理（如签收、核稿、批示、阅毕），办理后自动办结，不能在此直接办结。"
)


def workitem_done_by_its_module(item: WorkItem) -> bool:
    """Whether only the item's module may close it, by the step the item stands for.

    A 待办 on an object (签收, 核稿, 批示 …) is done when that step is taken on the object's page:
    closed from the workbench, it left the workbench while the document still waited. So is a
    待阅 whose reading is a step of its module (``READ_BY_MODULE_ACTIONS``). Other 待阅 (a notice
    of a dispatched document) and items of no object may be closed here.
    """
    if item.kind == WorkItem.Kind.TO_READ:
        return item.action in READ_BY_MODULE_ACTIONS
    return item.target_type_id is not None


def workitem_history(*, item: WorkItem):
    """The item's transition rows, oldest first, with the people named in them loaded."""
    return item.transitions.select_related(
        "actor", "acting_for", "from_assignee", "to_assignee"
    ).order_by("at", "id")
