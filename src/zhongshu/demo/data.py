"""The demo city 江淮市, as data: organs, departments, people and their posts.

Fictional, but shaped like a real prefecture-level city so that every part of 中枢 has someone
to act: the four leading bodies (市委, 市人大常委会, 市政府, 市政协) with their 办公室 (at city
level the general office is a 办公室; 办公厅 is the provincial form), eleven 市直单位 under the
市政府, and three 县(市)区 whose 党委 sits under the 市委 and whose 政府 sits under the 市政府
(so a 区政府 document to the 市政府 is 上行文, and to the 市发展改革委 平行文). Organ names match
the example documents of ``zhongshu.gongwen.examples`` (江淮市人民政府办公室, 淮政办…).

Natural keys, used by the seeding service to stay idempotent: an organ by ``name``, a department
by (organ, ``name``), a person by ``username``, a post by (department, ``title``).
"""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.organs.models import Classification, Delegation, Organ, Role

# One password for every demo account, printed by `zhongshu demo` and in the README. It passes
# the house policy (10+ characters, 3 of the 4 character classes, not containing the user name).
DEMO_PASSWORD = "Zhongshu@2026"  # noqa: S105 (published on purpose: demo only)

# The account the README and the screenshot use: the 文书 of the 市政府办公室 (and of the 市政府),
# whose workbench shows real documents to sign for, register, seal and close
# (``zhongshu.demo.government``).
FEATURED_USERNAME = "liuyang"


@dataclass(frozen=True)
class OrganSpec:
    name: str
    short_name: str
    org_code: str
    kind: Organ.Kind
    parent: str | None  # short_name of the parent organ
    departments: tuple[str, ...]  # the first is the office (办公室)


@dataclass(frozen=True)
class PostSpec:
    organ: str  # short_name
    department: str
    title: str
    roles: tuple[Role, ...]
    # The username of the person whose post this one reports to: their post in the same organ,
    # or their first post when they hold none there.
    reports_to: str | None = None


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    clearance: Classification
    phone: str
    posts: tuple[PostSpec, ...]


@dataclass(frozen=True)
class AdminSpec:
    username: str
    full_name: str
    admin_role: str  # accounts.User.AdminRole value
    phone: str


@dataclass(frozen=True)
class DelegationSpec:
    principal: str
    delegate: str
    scope: Delegation.Scope
    reason: str


K = Organ.Kind
C = Classification
R = Role

# --- Organs, in display order --------------------------------------------------------------
_UNITS = [
    # (full name, short name, 机关代字, 处室 after the 办公室)
    ("江淮市发展和改革委员会", "市发展改革委", "淮发改", ("综合规划处", "投资处", "价格处")),
    ("江淮市教育局", "市教育局", "淮教", ("基础教育处", "高等教育处")),
    ("江淮市公安局", "市公安局", "淮公", ("指挥中心", "治安支队")),
    ("江淮市财政局", "市财政局", "淮财", ("预算处", "国库处")),
    ("江淮市自然资源和规划局", "市自然资源规划局", "淮自然资规", ("国土空间规划处", "耕地保护处")),
    ("江淮市住房和城乡建设局", "市住房城乡建设局", "淮建", ("城市建设处", "房地产市场监管处")),
    ("江淮市交通运输局", "市交通运输局", "淮交", ("综合运输处", "公路管理处")),
    ("江淮市卫生健康委员会", "市卫生健康委", "淮卫健", ("医政医管处", "疾病预防控制处")),
    ("江淮市应急管理局", "市应急管理局", "淮应急", ("应急指挥中心", "安全生产综合协调处")),
    ("江淮市市场监督管理局", "市市场监管局", "淮市监", ("登记注册处", "食品安全协调处")),
    ("江淮市生态环境局", "市生态环境局", "淮环", ("大气环境处", "水生态环境处")),
]


def _leaders(short_name: str) -> str:
    """The leaders' department of a 市直单位: 委领导 in a 委员会, 局领导 in a 局."""
    return "委领导" if short_name.endswith("委") else "局领导"


ORGANS: tuple[OrganSpec, ...] = (
    OrganSpec("中共江淮市委员会", "江淮市委", "淮发", K.PARTY, None, ("办公室", "市委领导")),
    OrganSpec(
        "中共江淮市委办公室",
        "江淮市委办公室",
        "淮办发",
        K.PARTY,
        "江淮市委",
        ("秘书处", "室领导", "综合处", "督查室", "信息处", "机要局", "总值班室", "档案处"),
    ),
    OrganSpec(
        "江淮市人民代表大会常务委员会",
        "江淮市人大常委会",
        "淮人常",
        K.CONGRESS,
        None,
        ("办公室", "常委会领导", "研究室"),
    ),
    OrganSpec("江淮市人民政府", "江淮市政府", "淮政", K.GOVERNMENT, None, ("办公室", "市政府领导")),
    OrganSpec(
        "江淮市人民政府办公室",
        "江淮市政府办公室",
        "淮政办",
        K.GOVERNMENT,
        "江淮市政府",
        (
            "秘书一处",
            "室领导",
            "秘书二处",
            "督查室",
            "政务信息处",
            "总值班室",
            "会务处",
            "机关事务处",
            "机要室",
            "档案室",
        ),
    ),
    OrganSpec(
        "中国人民政治协商会议江淮市委员会",
        "江淮市政协",
        "淮政协",
        K.CPPCC,
        None,
        ("办公室", "政协领导", "提案委员会"),
    ),
    *(
        OrganSpec(name, short, code, K.DEPARTMENT, "江淮市政府", ("办公室", _leaders(short), *rest))
        for name, short, code, rest in _UNITS
    ),
    OrganSpec(
        "中共江淮市淮东区委员会",
        "淮东区委",
        "淮东发",
        K.DISTRICT,
        "江淮市委",
        ("办公室", "区委领导", "督查室"),
    ),
    OrganSpec(
        "江淮市淮东区人民政府",
        "淮东区政府",
        "淮东政",
        K.DISTRICT,
        "江淮市政府",
        ("办公室", "区政府领导", "应急管理科"),
    ),
    OrganSpec(
        "中共江淮市淮西区委员会",
        "淮西区委",
        "淮西发",
        K.DISTRICT,
        "江淮市委",
        ("办公室", "区委领导", "督查室"),
    ),
    OrganSpec(
        "江淮市淮西区人民政府",
        "淮西区政府",
        "淮西政",
        K.DISTRICT,
        "江淮市政府",
        ("办公室", "区政府领导", "信息科"),
    ),
    OrganSpec(
        "中共青山县委员会",
        "青山县委",
        "青发",
        K.DISTRICT,
        "江淮市委",
        ("办公室", "县委领导", "督查室"),
    ),
    OrganSpec(
        "青山县人民政府",
        "青山县政府",
        "青政",
        K.DISTRICT,
        "江淮市政府",
        ("办公室", "县政府领导", "应急管理科"),
    ),
)


def _p(organ: str, department: str, title: str, *roles: Role, to: str | None = None) -> PostSpec:
    return PostSpec(organ, department, title, tuple(roles), to)


def _person(username: str, full_name: str, clearance: Classification, phone: str, *posts: PostSpec):
    return PersonSpec(username, full_name, clearance, phone, tuple(posts))


# --- People --------------------------------------------------------------------------------
_W, _ZF, _ZFB = "江淮市委", "江淮市政府", "江淮市政府办公室"
_WB = "江淮市委办公室"

_CITY_PEOPLE: list[PersonSpec] = [
    # 市委 and its 办公室
    _person("wujianguo", "吴建国", C.TOP_SECRET, "0551-6200001",
            _p(_W, "市委领导", "市委书记", R.PRINCIPAL)),
    _person("qianweidong", "钱卫东", C.TOP_SECRET, "0551-6200002",
            _p(_W, "市委领导", "市委副书记", R.LEADER, to="wujianguo")),
    _person("sunliping", "孙立平", C.TOP_SECRET, "0551-6200003",
            _p(_W, "市委领导", "市委常委、秘书长", R.LEADER, to="wujianguo"),
            _p(_WB, "室领导", "主任", R.PRINCIPAL)),
    _person("zhouzihan", "周子涵", C.CONFIDENTIAL, "0551-6200011",
            _p(_W, "办公室", "书记秘书", R.SECRETARY, to="wujianguo")),
    _person("lihongmei", "李红梅", C.CONFIDENTIAL, "0551-6200012",
            _p(_WB, "室领导", "副主任", R.LEADER, R.DUTY_LEADER, to="sunliping")),
    _person("zhangwei", "张伟", C.CONFIDENTIAL, "0551-6200021",
            _p(_WB, "秘书处", "处长", R.OFFICE_DIRECTOR, R.DEPARTMENT_HEAD, R.REVIEWER, to="lihongmei"),
            _p(_W, "办公室", "秘书处处长", R.OFFICE_DIRECTOR, R.REVIEWER, to="sunliping")),
    _person("chenjing", "陈静", C.SECRET, "0551-6200022",
            _p(_WB, "秘书处", "一级主任科员", R.CLERK, R.DRAFTER, R.MEETING_CLERK, to="zhangwei"),
            # The 市委's own few papers: she files them too, so that 冯丽's 归档 page stays on
            # the 市委办公室 (an archivist of two organs opens on the first).
            _p(_W, "办公室", "文书", R.CLERK, R.ARCHIVIST, to="zhangwei")),
    _person("fengli", "冯丽", C.SECRET, "0551-6200023",
            _p(_WB, "档案处", "档案员", R.ARCHIVIST, to="zhangwei")),
    _person("huangxin", "黄鑫", C.TOP_SECRET, "0551-6200024",
            _p(_WB, "机要局", "机要员", R.CONFIDENTIAL_CLERK, to="lihongmei")),
    _person("xuming", "徐明", C.SECRET, "0551-6200031",
            _p(_WB, "综合处", "处长", R.DEPARTMENT_HEAD, R.REVIEWER, R.DRAFTER, to="lihongmei")),
    _person("guozhiqiang", "郭志强", C.SECRET, "0551-6200041",
            _p(_WB, "督查室", "主任", R.DEPARTMENT_HEAD, R.SUPERVISOR, to="lihongmei")),
    _person("linxiaoyu", "林晓宇", C.NONE, "0551-6200042",
            _p(_WB, "督查室", "督查专员", R.SUPERVISOR, to="guozhiqiang")),
    _person("maliang", "马亮", C.SECRET, "0551-6200051",
            _p(_WB, "信息处", "处长", R.DEPARTMENT_HEAD, R.INFO_EDITOR, to="lihongmei")),
    _person("tangjun", "唐军", C.SECRET, "0551-6200061",
            _p(_WB, "总值班室", "值班长", R.DUTY_OFFICER, to="lihongmei")),
    # 市人大常委会
    _person("luozhenhua", "罗振华", C.TOP_SECRET, "0551-6300001",
            _p("江淮市人大常委会", "常委会领导", "主任", R.PRINCIPAL)),
    _person("xiegang", "谢刚", C.CONFIDENTIAL, "0551-6300002",
            _p("江淮市人大常委会", "常委会领导", "副主任", R.LEADER, to="luozhenhua")),
    _person("caoyan", "曹燕", C.CONFIDENTIAL, "0551-6300011",
            _p("江淮市人大常委会", "办公室", "办公室主任", R.OFFICE_DIRECTOR, R.DEPARTMENT_HEAD, R.REVIEWER, to="xiegang")),
    _person("pengfei", "彭飞", C.SECRET, "0551-6300012",
            _p("江淮市人大常委会", "办公室", "文书", R.CLERK, R.DRAFTER, R.INFO_OFFICER, R.MEETING_CLERK, R.ARCHIVIST,
               to="caoyan")),
    # 市政府 and its 办公室
    _person("wangzhiyuan", "王志远", C.TOP_SECRET, "0551-6100001",
            _p(_ZF, "市政府领导", "市长", R.PRINCIPAL)),
    _person("liuhaitao", "刘海涛", C.TOP_SECRET, "0551-6100002",
            _p(_ZF, "市政府领导", "常务副市长", R.LEADER, to="wangzhiyuan")),
    _person("zhaomin", "赵敏", C.CONFIDENTIAL, "0551-6100003",
            _p(_ZF, "市政府领导", "副市长", R.LEADER, to="wangzhiyuan")),
    _person("yangfan", "杨帆", C.TOP_SECRET, "0551-6100004",
            _p(_ZF, "市政府领导", "秘书长", R.LEADER, to="wangzhiyuan"),
            _p(_ZFB, "室领导", "主任", R.PRINCIPAL)),
    _person("sunqian", "孙倩", C.CONFIDENTIAL, "0551-6100011",
            _p(_ZF, "办公室", "市长秘书", R.SECRETARY, to="wangzhiyuan")),
    _person("gaopeng", "高鹏", C.CONFIDENTIAL, "0551-6100012",
            _p(_ZF, "办公室", "常务副市长秘书", R.SECRETARY, to="liuhaitao")),
    _person("zhengyong", "郑勇", C.CONFIDENTIAL, "0551-6100021",
            _p(_ZFB, "室领导", "副主任", R.LEADER, R.DUTY_LEADER, to="yangfan")),
    # 秘书一处 serves the 市政府 itself too: its head proposes (拟办) on the 市政府's incoming
    # documents and reviews the 市政府's drafts, its 文书 signs for, registers and drafts them.
    _person("wangfang", "王芳", C.CONFIDENTIAL, "0551-6100031",
            _p(_ZFB, "秘书一处", "处长", R.OFFICE_DIRECTOR, R.DEPARTMENT_HEAD, R.REVIEWER, to="zhengyong"),
            _p(_ZF, "办公室", "秘书一处处长", R.OFFICE_DIRECTOR, R.REVIEWER, to="yangfan")),
    _person("liuyang", "刘洋", C.SECRET, "0551-6100032",
            _p(_ZFB, "秘书一处", "一级主任科员", R.CLERK, R.DRAFTER, to="wangfang"),
            _p(_ZF, "办公室", "文书", R.CLERK, R.DRAFTER, to="wangfang")),
    _person("jiangli", "蒋丽", C.TOP_SECRET, "0551-6100033",
            _p(_ZFB, "机要室", "机要员", R.CONFIDENTIAL_CLERK, to="wangfang")),
    _person("lujuan", "陆娟", C.SECRET, "0551-6100034",
            _p(_ZFB, "档案室", "档案员", R.ARCHIVIST, to="wangfang"),
            _p(_ZF, "办公室", "档案员", R.ARCHIVIST, to="wangfang")),
    _person("zhuhao", "朱浩", C.SECRET, "0551-6100041",
            _p(_ZFB, "秘书二处", "处长", R.DEPARTMENT_HEAD, R.REVIEWER, to="zhengyong")),
    _person("qinxue", "秦雪", C.NONE, "0551-6100042",
            _p(_ZFB, "秘书二处", "四级主任科员", R.DRAFTER, to="zhuhao")),
    _person("yuchao", "于超", C.SECRET, "0551-6100051",
            _p(_ZFB, "督查室", "主任", R.DEPARTMENT_HEAD, R.SUPERVISOR, to="zhengyong")),
    _person("dongjie", "董洁", C.NONE, "0551-6100052",
            _p(_ZFB, "督查室", "督查专员", R.SUPERVISOR, to="yuchao")),
    _person("xiaohui", "肖辉", C.SECRET, "0551-6100061",
            _p(_ZFB, "政务信息处", "处长", R.DEPARTMENT_HEAD, R.INFO_EDITOR, to="zhengyong")),
    _person("tianjing", "田静", C.NONE, "0551-6100062",
            _p(_ZFB, "政务信息处", "信息编辑", R.INFO_EDITOR, R.INFO_OFFICER, to="xiaohui")),
    _person("panwei", "潘伟", C.SECRET, "0551-6100071",
            _p(_ZFB, "总值班室", "值班长", R.DUTY_OFFICER, to="zhengyong")),
    _person("shenlin", "沈琳", C.NONE, "0551-6100081",
            _p(_ZFB, "会务处", "会务专员", R.MEETING_CLERK, to="zhengyong")),
    _person("yaobin", "姚斌", C.NONE, "0551-6100091",
            _p(_ZFB, "机关事务处", "后勤保障专员", R.LOGISTICS, to="zhengyong")),
    # 市政协
    _person("xufengying", "许凤英", C.CONFIDENTIAL, "0551-6400001",
            _p("江淮市政协", "政协领导", "主席", R.PRINCIPAL)),
    _person("dengkai", "邓凯", C.SECRET, "0551-6400002",
            _p("江淮市政协", "政协领导", "副主席", R.LEADER, to="xufengying")),
    _person("fanxiaoling", "范晓玲", C.SECRET, "0551-6400011",
            _p("江淮市政协", "办公室", "办公室主任", R.OFFICE_DIRECTOR, R.DEPARTMENT_HEAD, R.REVIEWER, to="dengkai")),
    _person("weiqiang", "魏强", C.NONE, "0551-6400012",
            _p("江淮市政协", "办公室", "文书", R.CLERK, R.DRAFTER, R.INFO_OFFICER, R.ARCHIVIST, to="fanxiaoling")),
]  # fmt: skip

# 市直单位: (short name, principal, office director, clerk, optionally a 处室 head), each
# (username, name). The principal's title follows the unit (委 → 主任, 局 → 局长).
_UNIT_PEOPLE = [
    ("市发展改革委", ("gaojianjun", "高建军"), ("liming", "李明"), ("zhanglei", "张磊"), ("投资处", "huangwei", "黄薇")),
    ("市教育局", ("zhoulan", "周岚"), ("wuhao", "吴昊"), ("zhengshuang", "郑爽"), None),
    ("市公安局", ("lijun", "李军"), ("wangqiang", "王强"), ("zhaolei", "赵蕾"), ("指挥中心", "chenhao", "陈浩")),
    ("市财政局", ("sunhong", "孙红"), ("maxiaodong", "马晓东"), ("hulin", "胡琳"), None),
    ("市自然资源规划局", ("guodong", "郭栋"), ("heping", "何平"), ("luoting", "罗婷"), None),
    ("市住房城乡建设局", ("lianghui", "梁辉"), ("songtao", "宋涛"), ("tangyue", "唐悦"), ("城市建设处", "hanbing", "韩冰")),
    ("市交通运输局", ("fengjun", "冯俊"), ("caolei", "曹磊"), ("xuli", "许丽"), None),
    ("市卫生健康委", ("dengli", "邓莉"), ("xiaoyong", "肖勇"), ("chengcheng", "程诚"), ("疾病预防控制处", "yaoyuan", "姚远")),
    ("市应急管理局", ("caijianhua", "蔡建华"), ("panjing", "潘静"), ("duyu", "杜宇"), None),
    ("市市场监管局", ("yuanbo", "袁博"), ("jiangtao", "蒋涛"), ("xuewen", "薛雯"), None),
    ("市生态环境局", ("yuhui", "余晖"), ("luxin", "卢鑫"), ("yexin", "叶欣"), None),
]  # fmt: skip


def _unit_people() -> list[PersonSpec]:
    people: list[PersonSpec] = []
    for index, (organ, principal, director, clerk, head) in enumerate(_UNIT_PEOPLE):
        phone = f"0551-65{index:02d}"
        principal_title = "主任" if organ.endswith("委") else "局长"
        principal_roles = (R.PRINCIPAL,)
        # A bureau's office is small: its 文书 also keeps the files (档案员).
        clerk_roles = (R.CLERK, R.DRAFTER, R.INFO_OFFICER, R.ARCHIVIST)
        if organ == "市应急管理局":
            # The emergency bureau keeps its own duty desk for 突发事件 first reports.
            principal_roles = (R.PRINCIPAL, R.DUTY_LEADER)
            clerk_roles = (*clerk_roles, R.DUTY_OFFICER)
        people.append(
            _person(principal[0], principal[1], C.CONFIDENTIAL, f"{phone}001",
                    _p(organ, _leaders(organ), principal_title, *principal_roles))
        )  # fmt: skip
        people.append(
            _person(director[0], director[1], C.SECRET, f"{phone}011",
                    _p(organ, "办公室", "办公室主任", R.OFFICE_DIRECTOR, R.DEPARTMENT_HEAD, R.REVIEWER,
                       to=principal[0]))
        )  # fmt: skip
        people.append(
            _person(clerk[0], clerk[1], C.SECRET if organ == "市公安局" else C.NONE, f"{phone}012",
                    _p(organ, "办公室", "文书", *clerk_roles, to=director[0]))
        )  # fmt: skip
        if head:
            department, username, name = head
            people.append(
                _person(username, name, C.SECRET, f"{phone}021",
                        _p(organ, department, "处长", R.DEPARTMENT_HEAD, R.REVIEWER, R.DRAFTER,
                           to=principal[0]))
            )  # fmt: skip
    return people


# 县(市)区: (short name, leaders' department, principal title, principal, clerk, office director).
# Each office has a director (初审 passes to them for 拟办; they review 核稿) and its one 文书 also
# keeps the files (档案员), as in a small district office.
_DISTRICT_PEOPLE = [
    ("淮东区委", "区委领导", "区委书记", ("huangzhiming", "黄志明"), ("liwen", "李雯"), ("zhuminghui", "朱明辉")),
    ("淮东区政府", "区政府领导", "区长", ("zhangjianhua", "张建华"), ("wangjing", "王静"), ("liuqing", "刘青")),
    ("淮西区委", "区委领导", "区委书记", ("chenguoqiang", "陈国强"), ("zhaoyan", "赵艳"), ("hanzhiyong", "韩志勇")),
    ("淮西区政府", "区政府领导", "区长", ("yangli", "杨丽"), ("zhouqiang", "周强"), ("suxiaomei", "苏晓梅")),
    ("青山县委", "县委领导", "县委书记", ("wuzhigang", "吴志刚"), ("xuyan", "徐燕"), ("zhongjianming", "钟建明")),
    ("青山县政府", "县政府领导", "县长", ("zhengtao", "郑涛"), ("sunyu", "孙宇"), ("penglihua", "彭丽华")),
]  # fmt: skip


def _district_people() -> list[PersonSpec]:
    people: list[PersonSpec] = []
    for index, (organ, leaders, title, principal, clerk, director) in enumerate(_DISTRICT_PEOPLE):
        phone = f"0552-66{index:02d}"
        people.append(
            _person(principal[0], principal[1], C.CONFIDENTIAL, f"{phone}001",
                    _p(organ, leaders, title, R.PRINCIPAL))
        )  # fmt: skip
        people.append(
            _person(director[0], director[1], C.SECRET, f"{phone}011",
                    _p(organ, "办公室", "办公室主任", R.OFFICE_DIRECTOR, R.REVIEWER, to=principal[0]))
        )  # fmt: skip
        people.append(
            _person(clerk[0], clerk[1], C.SECRET, f"{phone}012",
                    _p(organ, "办公室", "文书", R.CLERK, R.DRAFTER, R.INFO_OFFICER, R.DUTY_OFFICER,
                       R.ARCHIVIST, to=director[0]))
        )  # fmt: skip
    return people


PEOPLE: tuple[PersonSpec, ...] = (*_CITY_PEOPLE, *_unit_people(), *_district_people())

# 三员分立: three administrators, none holding a post (domain.md §0).
ADMINS: tuple[AdminSpec, ...] = (
    AdminSpec("sysadmin", "邵建平", "system", "0551-6100901"),
    AdminSpec("secadmin", "柳文博", "security", "0551-6100902"),
    AdminSpec("auditadmin", "施慧", "audit", "0551-6100903"),
)

# Secretaries act for their leaders (委托): reading for the 书记, document handling for the 市长.
DELEGATIONS: tuple[DelegationSpec, ...] = (
    DelegationSpec("wujianguo", "zhouzihan", Delegation.Scope.READ, "书记日常阅文由秘书代为处理"),
    DelegationSpec(
        "wangzhiyuan", "sunqian", Delegation.Scope.DOCUMENTS, "市长外出期间公文由秘书代办"
    ),
    # 公文办理 does not cover 签发 nor 批示 (each is a scope of its own), yet the workbench shows a
    # 公文办理 delegate every 公文 待办 of the leader: the 市长 gives both, so that each of his
    # items on 孙倩's workbench is one she can do ("孙倩 代 王志远").
    DelegationSpec(
        "wangzhiyuan",
        "sunqian",
        Delegation.Scope.SIGN_OFF,
        "市长外出期间，经市长同意的发文由秘书代为签发",
    ),
    DelegationSpec(
        "wangzhiyuan",
        "sunqian",
        Delegation.Scope.INSTRUCT,
        "市长外出期间，来文按市长意见由秘书代为批示",
    ),
    DelegationSpec(
        "liuhaitao", "gaopeng", Delegation.Scope.READ, "常务副市长日常阅文由秘书代为处理"
    ),
)


@dataclass(frozen=True)
class DocumentSpec:
    """A real 公文 in progress: an example of ``zhongshu.gongwen.examples`` drafted and sent to
    核稿, so that a visitor can open it and carry it on through the route."""

    example: str
    drafter: str
    reviewer: str
    opinion: str


DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec("notice", "liuyang", "wangfang", "已按市领导意见修改，请审核。"),
    DocumentSpec("request", "wangjing", "liuqing", "请示事项已与区财政局会商，请审核。"),
)

# The titles of the work items earlier versions of the demo seeded without a document (and for
# modules not built yet). A seed over such a demo cancels those still open: they lead nowhere.
RETIRED_WORK_TITLES: tuple[str, ...] = (
    "省人民政府办公厅关于做好2027年元旦春节期间有关工作的通知",
    "市发展改革委关于江淮市2027年重点项目投资计划的请示",
    "江淮市人民政府关于进一步优化营商环境的若干措施（代拟稿）",
    "江淮市政府办公室每日要情（第236期）",
    "市应急管理局关于今冬明春森林防火工作情况的报告",
    "市住房城乡建设局关于老旧小区改造资金安排的请示",
    "关于召开全市安全生产工作会议的通知（送审稿）",
    "江淮市人民政府关于2027年度民生实事项目的通知",
    "市卫生健康委关于冬季传染病防控工作的报告",
    "市长批示“加快推进城市更新项目”落实情况",
    "青山县境内G206国道交通事故处置进展",
    "淮东区委关于基层党建工作情况的报告",
    "江淮市委办公室信息专报（第58期）",
)
