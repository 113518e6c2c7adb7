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

    def _partner_warning_line(self, partner, message, blocking, owner_id=None):
        """One warning in a sentence: who is concerned, for which documents, by
        whose warning (the contact's own, or its company's) and its message.

        :param partner: the contact chosen on the document (res.partner)
        :param message: the warning's message (str)
        :param blocking: whether the warning blocks (bool)
        :param owner_id: id of the contact the warning belongs to; the chosen
            contact's when None
        :return: str, in the user's language; the contacts by their name alone,
            never their address (``display_name`` of an address has it)
        """
        partner = partner._origin or partner
        name = partner.name or partner.display_name
        owner = self.env["res.partner"].browse(owner_id or partner.id)
        inherited = owner != partner
        owner_name = inherited and owner.sudo().name
        documents = self._partner_warning_kind_label()
        if blocking and inherited:
            return self.env._(
                "%(partner)s is blocked for %(documents)s by the warning of their "
                "company %(company)s: %(message)s",
                partner=name,
                documents=documents,
                company=owner_name,
                message=message,
            )
        if blocking:
            return self.env._(
                "%(partner)s is blocked for %(documents)s by their own warning: "
                "%(message)s",
                partner=name,
                documents=documents,
                message=message,
            )
        if inherited:
            return self.env._(
                "Warning on %(partner)s, from their company %(company)s: %(message)s",
                partner=name,
                company=owner_name,
                message=message,
            )
        return self.env._(
            "Warning on %(partner)s: %(message)s", partner=name, message=message
        )

    def _partner_warning_kind_label(self):
        field = self.env["res.partner.warning"]._fields[self._partner_warning_kind]
        return field._description_string(self.env)

    def _partner_warning_onchange(self, field_name):
        """Comfort of the form: warn at once, and empty a blocked choice.

        Members of the override group keep their choice; they must fill the
        "Override reason" to save.
        """
        # Computed with the form's banner: no second query.
        Partner = self.env["res.partner"]
        warnings = [
            (Partner.browse(partner_id), message, blocking, owner_id)
            for partner_id, message, blocking, owner_id in (
                self.partner_warning_items or ()
            )
        ]
        if not warnings:
            return None
        blocked = Partner.union(
            *(partner for partner, __, blocking, __ in warnings if blocking)
        )
        may_override = self._partner_warning_may_override()
        message = "\n".join(
            self._partner_warning_line(partner, msg, blocking, owner_id)
            for partner, msg, blocking, owner_id in warnings
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
