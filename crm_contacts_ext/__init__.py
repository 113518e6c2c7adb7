from . import controllers
from . import models
from . import wizards

from odoo.tools import SQL

from .models.res_partner_activity_report import DOCUMENT_MODELS


def post_init_hook(env):
    """Keep the done activities of the types that contacts and their documents
    use, for the contacts' history (see models/mail_activity_type.py)."""
    env["mail.activity.type"].with_context(active_test=False).search(
        [
            ("keep_done", "=", False),
            ("res_model", "in", [False, "res.partner", *DOCUMENT_MODELS]),
        ]
    ).keep_done = True


def uninstall_hook(env):
    """Drop the table the role ranking locks on (res.partner.contact.role.line.init):
    it belongs to no model, so Odoo's uninstall does not know it."""
    env.cr.execute(
        SQL(
            "DROP TABLE IF EXISTS %s",
            SQL.identifier("res_partner_contact_role_line_ranking"),
        )
    )
