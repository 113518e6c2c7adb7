# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

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
        "is emailed to them. Set to the customer's rank-1 purchasing contact.",
    )

    @api.depends("partner_id")
    def _compute_partner_contact_id(self):
        for order in self:
            partner = order.partner_id
            if not partner:
                order.partner_contact_id = False
            elif not partner.is_company and partner.type == "contact":
                # A person chosen as customer is the one the order is discussed with.
                order.partner_contact_id = partner
            else:
                order.partner_contact_id = partner._get_role_contact(["purchasing"])

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
