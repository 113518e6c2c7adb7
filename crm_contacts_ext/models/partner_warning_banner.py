# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from lxml import etree

from odoo import api, models

from .partner_warning_mixin import OVERRIDE_GROUP


class PartnerWarningMixin(models.AbstractModel):
    """The banner of the contact's warnings, written once for every document the
    warnings apply to: above the sheet of each of their form views (quotation,
    invoice, opportunity, meeting), with the override reason for the override
    group when a warning blocks."""

    _inherit = "partner.warning.mixin"  # pylint: disable=consider-merging-classes-inherited

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

    def _partner_warning_onchange(self, field_name):
        """Comfort of the form: warn at once, and empty a blocked choice.

        Members of the override group keep their choice; they must fill the
        "Override reason" to save.
        """
        # Computed with the form's banner: no second query.
        Partner = self.env["res.partner"]
        warnings = [
            (Partner.browse(partner_id), message, blocking)
            for partner_id, message, blocking in self.partner_warning_items or ()
        ]
        if not warnings:
            return None
        blocked = Partner.union(
            *(partner for partner, __, blocking in warnings if blocking)
        )
        may_override = self._partner_warning_may_override()
        message = "\n".join(
            self._partner_warning_line(partner, msg, blocking)
            for partner, msg, blocking in warnings
        )
        field = self._fields[field_name]
        if blocked and may_override:
            message += "\n\n" + self.env._(
                "You may go through by giving an override reason on the document."
            )
        elif blocked & self[field_name]._origin:
            if field.type == "many2many":
                self[field_name] = self[field_name].filtered(
                    lambda partner: partner._origin not in blocked
                )
            else:
                self[field_name] = False
            message += "\n\n" + self.env._(
                "The field “%(field)s” was emptied: choose another contact.",
                field=field._description_string(self.env),
            )
        elif blocked:
            message += "\n\n" + self.env._("This document cannot be saved as it is.")
        return {
            "warning": {
                "title": self.env._("Contact warning"),
                "message": message,
                "type": "dialog",
            }
        }
