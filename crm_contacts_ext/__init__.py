from . import models
from . import wizards

from odoo.tools import SQL


def uninstall_hook(env):
    """Drop the table the role ranking locks on (res.partner.contact.role.line.init):
    it belongs to no model, so Odoo's uninstall does not know it."""
    env.cr.execute(
        SQL(
            "DROP TABLE IF EXISTS %s",
            SQL.identifier("res_partner_contact_role_line_ranking"),
        )
    )
