"""Warehouse on the opportunity (issue 21; Prextra "Entrepôt: ST-GEORGES" in the
opportunity header), from the bridge addon crm_contacts_ext_stock.

By default the salesperson's default warehouse, else the company's first; only
warehouses of the opportunity's company; a quotation made from the opportunity
ships from it, in the form and over XML-RPC.
"""

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, get_db_name, new_test_user, tagged

SALESMAN_GROUPS = "sales_team.group_sale_salesman,base.group_partner_manager"


@tagged("standard", "post_install", "-at_install")
class TestOpportunityWarehouse(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        Warehouse = cls.env["stock.warehouse"]
        cls.first_warehouse = Warehouse.search(
            [("company_id", "=", company.id)], limit=1
        )
        # A second warehouse: Odoo then shows warehouses to every internal user.
        cls.st_georges = Warehouse.create(
            {"name": "ST-GEORGES", "code": "STG", "company_id": company.id}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_wh_salesman",
            groups=SALESMAN_GROUPS,
            property_warehouse_id=cls.st_georges.id,
        )
        cls.plain_salesman = new_test_user(
            cls.env, login="crm_ext_wh_plain", groups=SALESMAN_GROUPS
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Chocolats Beauce", "is_company": True}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Filiale Entrepôt"})
        cls.other_warehouse = Warehouse.search(
            [("company_id", "=", cls.other_company.id)], limit=1
        )

    def _opportunity_form(self, user):
        return Form(
            self.env["crm.lead"]
            .with_user(user)
            .with_context(default_type="opportunity"),
            view="crm.crm_lead_view_form",
        )

    def test_form_default_is_the_salespersons_warehouse(self):
        with self._opportunity_form(self.salesman) as form:
            form.name = "Œufs de Pâques"
            form.partner_id = self.customer
            self.assertEqual(form.warehouse_id, self.st_georges)
        self.assertEqual(form.record.warehouse_id, self.st_georges)

    def test_form_default_is_the_companys_first_without_salesperson_default(self):
        with self._opportunity_form(self.plain_salesman) as form:
            form.name = "Lapins en chocolat"
        self.assertEqual(form.record.warehouse_id, self.first_warehouse)

    def test_opportunity_without_company_has_none(self):
        # e.g. made from an email by the mail gateway: a warehouse needs a company
        lead = self.env["crm.lead"].create(
            {"name": "Sans société", "type": "opportunity", "company_id": False}
        )
        self.assertFalse(lead.warehouse_id)

    def test_form_override(self):
        with self._opportunity_form(self.salesman) as form:
            form.name = "Choix de l'entrepôt"
            form.warehouse_id = self.first_warehouse
        self.assertEqual(form.record.warehouse_id, self.first_warehouse)

    def test_form_shows_it_next_to_the_status(self):
        arch = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        status = arch.index('name="opportunity_status"')
        self.assertIn('name="warehouse_id"', arch[status : status + 600])

    def test_other_companys_warehouse_refused(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.salesman)
            .create({"name": "Frontière", "type": "opportunity"})
        )
        with self.assertRaises(UserError):
            lead.warehouse_id = self.other_warehouse
        self.assertEqual(lead.warehouse_id, self.st_georges)

    def test_quotation_from_opportunity_takes_its_warehouse(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.plain_salesman)
            .create(
                {
                    "name": "Commande de Noël",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                    "warehouse_id": self.st_georges.id,
                }
            )
        )
        action = lead.action_new_quotation()
        with Form(
            self.env["sale.order"]
            .with_user(self.plain_salesman)
            .with_context(**action["context"])
        ) as form:
            self.assertEqual(form.warehouse_id, self.st_georges)
        self.assertEqual(form.record.warehouse_id, self.st_georges)

    def test_quotation_by_xmlrpc_takes_the_opportunitys_warehouse(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Commande RPC",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "warehouse_id": self.st_georges.id,
            }
        )
        login = self.plain_salesman.login
        order_id = self.xmlrpc_object.execute_kw(
            get_db_name(),
            self.plain_salesman.id,
            login,
            "sale.order",
            "create",
            [{"partner_id": self.customer.id, "opportunity_id": lead.id}],
        )
        order = self.env["sale.order"].browse(order_id)
        self.assertEqual(order.warehouse_id, self.st_georges)
