from . import controllers
from . import models
from . import wizards

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
