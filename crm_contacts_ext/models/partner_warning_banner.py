# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from lxml import etree

from odoo import api, models

from .partner_warning_mixin import OVERRIDE_GROUP


class PartnerWarningMixin(models.AbstractModel):
    """The banner of the contact's warnings, written once for every document the
    warnings apply to: above the sheet of each of their form views (quotation,
    invoice, opportunity, meeting), with the override reason for the override
    group when a warning blocks."""

    _inherit = "partner.warning.mixin"

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        sheet = arch.find(".//sheet") if view_type == "form" else None
        if sheet is not None:
            sheet.addprevious(self._partner_warning_banner_node())
        return arch, view

    @api.model
    def _partner_warning_banner_node(self):
        banner = etree.Element(
            "div",
            {
                "class": "alert alert-warning mb-0",
                "role": "alert",
                "invisible": "not partner_warning_banner",
            },
        )
        # Whether the document is blocked, for everyone: Odoo adds the fields an
        # expression uses only for the nodes the user sees, and the override
        # reason below is for the override group only.
        etree.SubElement(
            banner, "field", {"name": "partner_warning_blocking", "invisible": "1"}
        )
        etree.SubElement(
            banner,
            "field",
            {
                "name": "partner_warning_banner",
                "nolabel": "1",
                "class": "o_partner_warning_banner",
                "style": "white-space: pre-line;",
            },
        )
        reason = etree.SubElement(
            banner,
            "div",
            {
                "class": "d-flex align-items-center gap-2 mt-2",
                "groups": OVERRIDE_GROUP,
                "invisible": "not partner_warning_blocking",
            },
        )
        etree.SubElement(reason, "label", {"for": "warning_override_reason"})
        etree.SubElement(
            reason,
            "field",
            {
                "name": "warning_override_reason",
                "placeholder": self.env._("Why go through the blocking warning?"),
            },
        )
        return banner
