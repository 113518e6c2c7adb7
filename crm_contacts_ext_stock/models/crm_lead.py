# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Prextra shows the warehouse in the opportunity's header ("Entrepôt").
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        check_company=True,
        index="btree_not_null",
        help="The warehouse the goods of this opportunity leave from; its "
        "quotations take it. By default the salesperson's default warehouse, else "
        "the company's first.",
    )

    @api.depends("user_id", "company_id")
    def _compute_warehouse_id(self):
        """As sale_stock does for quotations: the salesperson's default warehouse
        in the opportunity's company (res.users ``_get_default_warehouse_id``),
        else the company's first one. An opportunity without company (e.g. made
        by the mail gateway) has none: a warehouse belongs to a company."""
        for lead in self:
            if not lead.company_id:
                lead.warehouse_id = False
                continue
            lead.warehouse_id = lead.user_id.with_company(
                lead.company_id
            )._get_default_warehouse_id()
