# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The customer's invoicing policy (OpenFire's *Comptabilité* tab, "Politique de
facturation"): what its sales order lines are invoiced on.
"""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Company dependent, like the payment terms beside it: each company of the
    # database sets its own policy for the customer.
    invoice_policy = fields.Selection(
        [("order", "Ordered quantities"), ("delivery", "Delivered quantities")],
        string="Invoicing Policy",
        company_dependent=True,
        help="What the sales order lines of this customer are invoiced on. "
        "Empty: each product's own invoicing policy.",
    )
