# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Mailings (Prextra "Postage", "Liste des envois"): who mass mailings reach, the
contact's mailing lists and the mailings it received.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Prextra "Postage"
    include_in_mailing = fields.Boolean(
        compute="_compute_include_in_mailing",
        store=True,
        readonly=False,
        precompute=True,
        help="Mass mailings only reach contacts included here. Persons are "
        "included by default, companies are not.",
    )

    mailing_list_count = fields.Integer(
        compute="_compute_card_counts",  # with the card's other buttons
        groups="mass_mailing.group_mass_mailing_user",
    )

    @api.depends("is_company")
    def _compute_include_in_mailing(self):
        for partner in self:
            partner.include_in_mailing = not partner.is_company

    def action_open_mailing_subscriptions(self):
        """Prextra's "Postage": the mailing lists the contact's email is on."""
        self.ensure_one()
        contact = self._mailing_contact_get()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Postage: mailing lists of %(name)s", name=self.name),
            "res_model": "mailing.subscription",
            "view_mode": "list",
            "views": [
                (
                    self.env.ref(
                        "crm_contacts_ext.mailing_subscription_view_list_partner"
                    ).id,
                    "list",
                )
            ],
            "domain": [("contact_id", "=", contact.id)],
            "context": {"default_contact_id": contact.id},
        }

    def action_open_mailing_traces(self):
        """Prextra's "Liste des envois": the mailings sent to the contact."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mailings sent to %(name)s", name=self.name),
            "res_model": "mailing.trace",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref("crm_contacts_ext.mailing_trace_view_list_partner").id,
                    "list",
                ),
                (False, "form"),
            ],
            "domain": [("model", "=", "res.partner"), ("res_id", "=", self.id)],
            "context": {"create": False},
        }

    def _mailing_contact_get(self):
        """The mailing contact of this partner's email, created if missing."""
        self.ensure_one()
        if not self.email_normalized:
            raise UserError(
                self.env._(
                    "%(name)s has no email address: fill in the Email field before "
                    "adding the contact to mailing lists.",
                    name=self.display_name,
                )
            )
        Contact = self.env["mailing.contact"]
        contact = Contact.search(
            [("email_normalized", "=", self.email_normalized)], limit=1
        )
        return contact or Contact.create({"name": self.name, "email": self.email})
