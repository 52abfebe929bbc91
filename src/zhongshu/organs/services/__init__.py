"""Every write of the organs app: one function per use case (see the modules for the rules).

Import from here: ``from zhongshu.organs.services import organ_merge, ORGAN_MERGE_HOOKS``.
"""

from zhongshu.organs.services.delegations import delegation_create, delegation_revoke
from zhongshu.organs.services.importing import (
    ImportResult,
    RowError,
    import_template,
    organs_people_export,
    organs_people_import,
)
from zhongshu.organs.services.organs import (
    ORGAN_MERGE_HOOKS,
    department_activate,
    department_create,
    department_deactivate,
    department_update,
    organ_activate,
    organ_create,
    organ_deactivate,
    organ_dissolve,
    organ_merge,
    organ_update,
)
from zhongshu.organs.services.people import (
    person_activate,
    person_create,
    person_deactivate,
    person_reset_password,
    person_set_clearance,
    person_update,
    post_assign_holder,
    post_create,
    post_deactivate,
    post_set_roles,
    post_update,
)
from zhongshu.organs.services.rotation import person_rotate

__all__ = [
    "ORGAN_MERGE_HOOKS",
    "ImportResult",
    "RowError",
    "delegation_create",
    "delegation_revoke",
    "department_activate",
    "department_create",
    "department_deactivate",
    "department_update",
    "import_template",
    "organ_activate",
    "organ_create",
    "organ_deactivate",
    "organ_dissolve",
    "organ_merge",
    "organ_update",
    "organs_people_export",
    "organs_people_import",
    "person_activate",
    "person_create",
    "person_deactivate",
    "person_reset_password",
    "person_rotate",
    "person_set_clearance",
    "person_update",
    "post_assign_holder",
    "post_create",
    "post_deactivate",
    "post_set_roles",
    "post_update",
]
