# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = (
        "sale.order",
        "partner.warning.mixin",
        "input.check.mixin",
    )
    _partner_warning_kind = "on_sale_order"

    # Prextra's "Occasions de vente": a quotation cancelled is a lost sales
    # occasion, and the company wants to know why.
    lost_reason_id = fields.Many2one(
        "sale.order.lost.reason",
        index=True,
        ondelete="restrict",
        tracking=True,
        copy=False,
        help="Required to cancel the quotation or order: why the sale was lost.",
    )

    occasion_status = fields.Selection(
        selection=[
            ("in_progress", "In Progress"),
            ("won", "Won"),
            ("lost", "Lost"),
        ],
        compute="_compute_occasion_status",
        store=True,
        help="In progress: quotation not yet confirmed. Won: contract obtained "
        "(confirmed order). Lost: cancelled, with its lost reason.",
    )

    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Commercial Entity",
    )

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
        help="The person of the customer this order is discussed with; the quotation "
        "is emailed to them. Set to the customer's purchasing contact of rank 1, "
        "else of the next rank.",
    )

    @api.depends("state")
    def _compute_occasion_status(self):
        status_by_state = {"sale": "won", "cancel": "lost"}
        for order in self:
            order.occasion_status = status_by_state.get(order.state, "in_progress")

    @api.depends("partner_id")
    def _compute_partner_contact_id(self):
        contacts = self.partner_id._get_role_contacts(["purchasing"])
        for order in self:
            partner = order.partner_id
            if not partner:
                order.partner_contact_id = False
            elif not partner.is_company and partner.type == "contact":
                # A person chosen as customer is the one the order is discussed with.
                order.partner_contact_id = partner
            else:
                order.partner_contact_id = contacts.get(
                    partner.commercial_partner_id._origin.id, False
                )

    @api.constrains("partner_id", "partner_contact_id")
    def _check_partner_contact_id(self):
        for order in self:
            contact = order.partner_contact_id
            if contact and (
                contact.is_company
                or contact.commercial_partner_id
                != order.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        'The field "Contact" of %(order)s must be a person of '
                        "%(customer)s; %(contact)s is not.",
                        order=order.display_name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        contact=contact.display_name,
                    )
                )

    @api.onchange("partner_id")
    def _onchange_partner_id_partner_warning(self):
        return self._partner_warning_onchange("partner_id")

    def action_confirm(self):
        # The contact may have been blocked since the quotation was drafted.
        self._partner_warning_check()
        res = super().action_confirm()
        self.partner_id._mark_customer_on_confirmed_sale()
        return res

    def _has_to_be_signed(self):
        # A blocked quotation is not offered for signature online: the customer
        # cannot go through a warning, and a signed but refused order could
        # never be signed again.
        return (
            super()._has_to_be_signed() and not self._partner_warning_blocked_online()
        )

    def _has_to_be_paid(self):
        # Nor for payment: a captured payment on an order that cannot be
        # confirmed is left to the salesperson (see payment_transaction.py).
        return super()._has_to_be_paid() and not self._partner_warning_blocked_online()

    def _partner_warning_blocked_online(self):
        """Whether a blocking warning stops the customer from accepting or paying
        this quotation online (nobody online may override a warning).

        :return: bool; the warning's text is never shown to the customer
        """
        self.ensure_one()
        return self.state in ("draft", "sent") and bool(self._partner_warning_blocked())

    def _partner_warning_online_message(self):
        """What a customer reads when a warning stops them online."""
        return self.env._(
            "This quotation cannot be accepted online at the moment. Please "
            "contact your salesperson."
        )

    def _partner_warning_alert_salesperson(self, summary):
        """A to-do for the salesperson (else the team leader) of a quotation the
        customer could not accept or pay online, and a note in the chatter."""
        self.ensure_one()
        order = self.sudo()
        order.message_post(body=summary, subtype_xmlid="mail.mt_note")
        responsible = (order.user_id or order.team_id.user_id).filtered("active")
        if responsible:
            order.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, user_id=responsible.id
            )

    def action_draft(self):
        """A quotation set back to draft is a live occasion again."""
        res = super().action_draft()
        self.filtered(lambda order: order.state == "draft").lost_reason_id = False
        return res

    def _action_cancel(self):
        """Refuse to cancel without a lost reason, for every caller.

        `action_cancel`, the cancel wizard and the mass-cancel wizard all end
        here. Cancellations Odoo makes on the customer's behalf, in sudo (portal
        decline, merged e-commerce cart), get the "cancelled online" reason.
        """
        missing = self.filtered(lambda order: not order.lost_reason_id)
        if missing and self.env.su:
            online = self.env.ref(
                "crm_contacts_ext.sale_order_lost_reason_online",
                raise_if_not_found=False,
            )
            if online:
                missing.lost_reason_id = online
                missing = self.browse()
        if missing:
            raise UserError(
                self.env._(
                    "Choose a Lost Reason before cancelling %(orders)s: set the "
                    "“Lost Reason” field of the quotation, then cancel it.",
                    orders=", ".join(missing.mapped("name")),
                )
            )
        return super()._action_cancel()

    def _show_cancel_wizard(self):
        """The form's Cancel button asks for a missing lost reason in the cancel
        wizard, even for a draft; other callers are refused in _action_cancel."""
        if (
            self.env.context.get("ask_lost_reason")
            and not self.env.context.get("disable_cancel_warning")
            and any(not order.lost_reason_id for order in self)
        ):
            return True
        return super()._show_cancel_wizard()

    def message_new(self, msg_dict, custom_values=None):
        # An email of a contact under a blocking warning is kept: the document is
        # made without the contact and flagged (see the warning mixin).
        with self._partner_warning_holding():
            return super().message_new(msg_dict, custom_values=custom_values)
