"""A customer shared by two companies: its role holders of one company never
reach the documents of a user of the other (issue 17 #8)."""

from odoo.tests import Form, new_test_user, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestRoleSharedCustomer(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The salesperson and the accountant work for the main company only.
        cls.company_b = cls.env["res.company"].create({"name": "Chocolats B"})
        new_test_user(
            cls.env,
            login="crm_ext_salesman_b",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        Partner = cls.env["res.partner"]
        cls.shared = Partner.create({"name": "Client Partagé", "is_company": True})
        # Pierre works for company B; Quentin is shared like his company.
        cls.pierre = Partner.create(
            {
                "name": "Pierre de B",
                "parent_id": cls.shared.id,
                "company_id": cls.company_b.id,
            }
        )
        cls.quentin = Partner.create(
            {"name": "Quentin Partagé", "parent_id": cls.shared.id}
        )
        purchasing = cls.env.ref("crm_contacts_ext.role_purchasing")
        cls.env["res.partner.contact.role.line"].create(
            [
                {"partner_id": cls.pierre.id, "role_id": purchasing.id, "rank": 1},
                {"partner_id": cls.quentin.id, "role_id": purchasing.id, "rank": 2},
            ]
        )

    def test_setup(self):
        self.assertEqual(self.pierre.company_id, self.company_b)
        self.assertFalse(self.quentin.company_id)
        self.assertFalse(self.shared.company_id)
        self.assertNotIn(self.company_b, self.salesman.company_ids)

    @users("crm_ext_salesman")
    def test_quotation_of_user_of_a_gets_the_holder_it_may_see(self):
        form = Form(self.env["sale.order"])
        form.partner_id = self.shared
        self.assertEqual(form.partner_contact_id, self.quentin)
        order = form.save()
        self.assertEqual(order.partner_contact_id, self.quentin)
        # By RPC values (no onchange) too.
        order = self.env["sale.order"].create({"partner_id": self.shared.id})
        self.assertEqual(order.partner_contact_id, self.quentin)

    @users("crm_ext_accountant")
    def test_invoice_of_user_of_a_gets_the_holder_it_may_see(self):
        form = Form(
            self.env["account.move"].with_context(default_move_type="out_invoice")
        )
        form.partner_id = self.shared
        self.assertEqual(form.partner_contact_id, self.quentin)
        invoice = form.save()
        self.assertEqual(invoice.partner_contact_id, self.quentin)
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.shared.id}
        )
        self.assertEqual(invoice.partner_contact_id, self.quentin)

    @users("crm_ext_salesman_b")
    def test_user_of_b_gets_rank_one(self):
        order = self.env["sale.order"].create({"partner_id": self.shared.id})
        self.assertEqual(order.partner_contact_id, self.pierre)

    @users("crm_ext_salesman")
    def test_only_holder_from_another_company_gives_no_contact(self):
        self.quentin.sudo().role_line_ids.unlink()
        order = self.env["sale.order"].create({"partner_id": self.shared.id})
        self.assertFalse(order.partner_contact_id)
