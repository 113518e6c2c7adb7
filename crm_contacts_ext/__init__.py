from . import controllers
from . import models
from . import wizards

from odoo import sql_db
from odoo.tools import SQL

from .models.res_partner.marketing_basis import BASIS_FUNCTION
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
    """Drop the function of the marketing basis that earlier versions made, in a
    database not updated since (an update drops it, see res.partner's init()):
    the ORM drops the addon's tables and columns, not its functions. Dropped once
    the uninstall is committed."""
    dbname = env.cr.dbname

    @env.cr.postcommit.add
    def drop_basis_function():
        # The cursor commits when the block ends.
        with sql_db.db_connect(dbname).cursor() as cr:
            cr.execute(
                SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(BASIS_FUNCTION))
            )
