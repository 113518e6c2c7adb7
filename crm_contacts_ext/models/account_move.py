# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = (
        "account.move",
        "partner.warning.mixin",
        "input.check.mixin",
    )
    _partner_warning_kind = "on_invoice"

    partner_contact_id = fields.Many2one(
        comodel_name="res.partner",
        string="Contact",
        compute="_compute_partner_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        domain="[('is_company', '=', False), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        help="The person of the customer who receives this invoice by email. Set to "
        "the customer's accounts-payable contact of rank 1 (else of the next rank), "
        "else its purchasing contact.",
    )

    @api.depends("partner_id", "move_type")
    def _compute_partner_contact_id(self):
        customer_moves = self.filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund")
        )
        contacts = customer_moves.partner_id._get_role_contacts(
            ["accounts_payable", "purchasing"]
        )
        for move in self:
            partner = move.partner_id
            if partner and move in customer_moves:
                contact = contacts.get(partner.commercial_partner_id._origin.id)
                if not contact and not partner.is_company and partner.type == "contact":
                    contact = partner  # a person invoiced directly
                move.partner_contact_id = contact or False
            else:
                move.partner_contact_id = False

    @api.constrains("partner_id", "partner_contact_id")
    def _check_partner_contact_id(self):
        for move in self:
            contact = move.partner_contact_id
            if contact and (
                contact.is_company
                or contact.commercial_partner_id != move.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        'The field "Contact" of %(move)s must be a person of '
                        "%(customer)s; %(contact)s is not.",
                        move=move.display_name,
                        customer=move.commercial_partner_id.display_name,
                        contact=contact.display_name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id_partner_warning(self):
        return self._partner_warning_onchange("partner_id")

    def _post(self, soft=True):
        # The customer may have been blocked since the invoice was drafted.
        self._partner_warning_check()
        return super()._post(soft=soft)

    def _partner_warning_depends(self):
        return super()._partner_warning_depends() + ["move_type"]

    def _partner_warning_applies(self):
        """Customer invoices and credit notes only, as in the source."""
        self.ensure_one()
        return self.move_type in ("out_invoice", "out_refund")

    def message_new(self, msg_dict, custom_values=None):
        # An email of a contact under a blocking warning is kept: the document is
        # made without the contact and flagged (see the warning mixin).
        with self._partner_warning_holding():
            return super().message_new(msg_dict, custom_values=custom_values)

    def _partner_warning_value_fields(self):
        # The company of a move follows its journal.
        return super()._partner_warning_value_fields() | {"journal_id"}

    def _partner_warning_responsible(self):
        self.ensure_one()
        return self.invoice_user_id
