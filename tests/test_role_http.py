"""Contact roles through the real server: XML-RPC and the web client (Chromium)."""

from odoo.tests import HttpCase, get_db_name, new_test_user, tagged


@tagged("standard", "post_install", "-at_install")
class TestRoleHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_role_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )
        Partner = cls.env["res.partner"]
        cls.company = Partner.create({"name": "Cacaoyer Tour", "is_company": True})
        cls.buyer, cls.payer = Partner.create(
            [
                {"name": "Hugo Acheteur", "parent_id": cls.company.id},
                {"name": "Inès Payable", "parent_id": cls.company.id},
            ]
        )
        cls.role_purchasing = cls.env.ref("crm_contacts_ext.role_purchasing")

    def test_quotation_by_xmlrpc_gets_rank_one_purchasing_contact(self):
        self.env["res.partner.contact.role.line"].create(
            [
                {"partner_id": self.payer.id, "role_id": self.role_purchasing.id},
                {"partner_id": self.buyer.id, "role_id": self.role_purchasing.id},
            ]
        )
        # Hugo is made the first purchasing contact after Inès: she moves to 2.
        self.buyer.role_line_ids.rank = 1
        self.assertEqual(self.payer.role_line_ids.rank, 2)
        db = get_db_name()
        login = self.salesman.login
        uid = self.xmlrpc_common.authenticate(db, login, login, {})
        self.assertEqual(uid, self.salesman.id)
        order_id = self.xmlrpc_object.execute_kw(
            db, uid, login, "sale.order", "create", [{"partner_id": self.company.id}]
        )
        [order] = self.xmlrpc_object.execute_kw(
            db,
            uid,
            login,
            "sale.order",
            "read",
            [[order_id]],
            {"fields": ["partner_contact_id"]},
        )
        self.assertEqual(order["partner_contact_id"][0], self.buyer.id)

    def test_tour_role_contact_then_quotation(self):
        self.start_tour(
            "/odoo/contacts/new",
            "crm_contacts_ext_role_contact",
            login="crm_ext_role_salesman",
        )
        rose = self.env["res.partner"].search([("name", "=", "Rose Tourbillon")])
        self.assertEqual(rose.parent_id, self.company)
        self.assertEqual(
            [(line.role_id, line.rank) for line in rose.role_line_ids],
            [(self.role_purchasing, 1)],
        )
        self.start_tour(
            "/odoo/sales/new",
            "crm_contacts_ext_role_quotation",
            login="crm_ext_role_salesman",
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.company.id)])
        self.assertEqual(order.partner_contact_id, rose)
