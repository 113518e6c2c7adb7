"""Rank 1 fills the contact of quotations and invoices, and receives their emails."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestRoleDocuments(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_ap = cls.env.ref("crm_contacts_ext.role_accounts_payable")
        cls.role_purchasing = cls.env.ref("crm_contacts_ext.role_purchasing")
        cls.contact.email = "jeanne.achat@chocolaterie.example"
        cls.contact_ap.email = "paul.payable@chocolaterie.example"
        cls.customer.email = "info@chocolaterie.example"
        Line = cls.env["res.partner.contact.role.line"]
        Line.create(
            {"partner_id": cls.contact.id, "role_id": cls.role_purchasing.id, "rank": 1}
        )
        cls.ap_line = Line.create(
            {"partner_id": cls.contact_ap.id, "role_id": cls.role_ap.id, "rank": 1}
        )
        # Paul also buys, but after Jeanne.
        Line.create(
            {"partner_id": cls.contact_ap.id, "role_id": cls.role_purchasing.id}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Truffes assorties",
                "type": "consu",
                "invoice_policy": "order",
                "list_price": 25.0,
            }
        )
        cls.other_company = cls.env["res.partner"].create(
            {"name": "Autre Confiserie", "is_company": True}
        )

    @users("crm_ext_salesman")
    def test_quotation_form_takes_rank_one_purchasing(self):
        form = Form(self.env["sale.order"])
        form.partner_id = self.customer
        self.assertEqual(form.partner_contact_id, self.contact)
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertEqual(order.partner_contact_id, self.contact)
        # Another customer without roles: no contact is guessed.
        form.partner_id = self.other_company
        self.assertFalse(form.partner_contact_id)

    @users("crm_ext_salesman")
    def test_quotation_by_create_values(self):
        """What an RPC client or an import does: plain values, no onchange."""
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(order.partner_contact_id, self.contact)
        # A person chosen as the customer is the contact.
        order = self.env["sale.order"].create({"partner_id": self.contact_ap.id})
        self.assertEqual(order.partner_contact_id, self.contact_ap)
        # An explicit contact is kept.
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "partner_contact_id": self.contact_ap.id}
        )
        self.assertEqual(order.partner_contact_id, self.contact_ap)

    @users("crm_ext_salesman")
    def test_batch_of_quotations_for_several_companies(self):
        """An import creates quotations in batches: each gets its own company's
        contact, and looking them up costs the same for one company or three."""
        companies, buyers = self.customer, self.contact
        Partner = self.env["res.partner"]
        for i in range(2):
            company = Partner.create({"name": f"Confiserie {i}", "is_company": True})
            buyer = Partner.create({"name": f"Acheteur {i}", "parent_id": company.id})
            self.env["res.partner.contact.role.line"].sudo().create(
                {"partner_id": buyer.id, "role_id": self.role_purchasing.id, "rank": 1}
            )
            companies |= company
            buyers |= buyer
        orders = self.env["sale.order"].create(
            [{"partner_id": company.id} for company in companies]
        )
        self.assertEqual([order.partner_contact_id for order in orders], list(buyers))

        def lookup_queries(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners._get_role_contacts(["purchasing"])
            return self.env.cr.sql_log_count - before

        self.assertEqual(lookup_queries(companies[:1]), lookup_queries(companies))

    @users("crm_ext_salesman")
    def test_contact_of_another_company_refused(self):
        stranger = self.env["res.partner"].create(
            {"name": "Inconnu", "parent_id": self.other_company.id}
        )
        with self.assertRaisesRegex(ValidationError, "Contact"):
            self.env["sale.order"].create(
                {"partner_id": self.customer.id, "partner_contact_id": stranger.id}
            )

    @users("crm_ext_salesman")
    def test_quotation_from_opportunity(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Commande de Pâques",
                "type": "opportunity",
                "partner_id": self.customer.id,
            }
        )
        action = lead.action_new_quotation()
        form = Form(self.env["sale.order"].with_context(**action["context"]))
        with form.order_line.new() as line:
            line.product_id = self.product
        order = form.save()
        self.assertEqual(order.opportunity_id, lead)
        self.assertEqual(order.partner_contact_id, self.contact)

    @users("crm_ext_salesman")
    def test_quotation_email_goes_to_contact(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        action = order.action_quotation_send()
        composer = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertIn(self.contact, composer.partner_ids)
        self.assertNotIn(self.customer, composer.partner_ids)
        # The salesperson chooses another contact: the email follows.
        order.partner_contact_id = self.contact_ap
        action = order.action_quotation_send()
        composer = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(composer.partner_ids[:], self.contact_ap)

    def _invoiced_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_confirm()
        return order, order._create_invoices()

    @users("crm_ext_salesman")
    def test_invoice_from_order_takes_accounts_payable(self):
        order, invoice = self._invoiced_order()
        self.assertEqual(order.partner_contact_id, self.contact)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_contact_id, self.contact_ap)

    @users("crm_ext_accountant")
    def test_invoice_falls_back_to_purchasing(self):
        self.ap_line.sudo().unlink()
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.customer.id}
        )
        self.assertEqual(invoice.partner_contact_id, self.contact)
        bill = self.env["account.move"].create(
            {"move_type": "in_invoice", "partner_id": self.customer.id}
        )
        self.assertFalse(bill.partner_contact_id)

    @users("crm_ext_salesman")
    def test_next_in_rank_takes_over_when_rank_one_leaves(self):
        """Jeanne buys at rank 1, Paul at rank 2: when Jeanne leaves the company,
        Paul's name goes on the quotations rather than nobody's."""
        self.contact.sudo().action_archive()
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(order.partner_contact_id, self.contact_ap)
        # Back from leave, she comes after Paul, who held rank 1 meanwhile.
        self.contact.sudo().action_unarchive()
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(order.partner_contact_id, self.contact_ap)
        # Given rank 1 back, then her role taken away: Paul again.
        self.contact.role_line_ids.filtered(
            lambda line: line.role_id == self.role_purchasing
        ).sudo().rank = 1
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertEqual(order.partner_contact_id, self.contact)
        self.contact.sudo().role_line_ids.unlink()
        form = Form(self.env["sale.order"])
        form.partner_id = self.customer
        self.assertEqual(form.partner_contact_id, self.contact_ap)

    @users("crm_ext_accountant")
    def test_next_accounts_payable_before_purchasing(self):
        """An invoice goes to the next accounts-payable person before the
        purchasing contact: paying is that role's business."""
        role_ap = Command.create({"role_id": self.role_ap.id})
        luc = (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": "Luc Comptable",
                    "parent_id": self.customer.id,
                    "role_line_ids": [role_ap],
                }
            )
        )
        self.assertEqual(luc.role_line_ids.rank, 2)
        self.contact_ap.sudo().action_archive()
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.customer.id}
        )
        self.assertEqual(invoice.partner_contact_id, luc)

    @users("crm_ext_accountant")
    def test_invoice_form_and_send_wizard(self):
        form = Form(
            self.env["account.move"].with_context(default_move_type="out_invoice")
        )
        form.partner_id = self.customer
        self.assertEqual(form.partner_contact_id, self.contact_ap)
        with form.invoice_line_ids.new() as line:
            line.product_id = self.product
        invoice = form.save()
        invoice.action_post()
        action = invoice.action_send_and_print()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(wizard.mail_partner_ids[:], self.contact_ap)
        # A credit note for the same customer goes to the same person.
        refund = self.env["account.move"].create(
            {"move_type": "out_refund", "partner_id": self.customer.id}
        )
        self.assertEqual(refund.partner_contact_id, self.contact_ap)

    @users("crm_ext_salesman")
    def test_contact_choices_are_the_customers_people(self):
        """The "Contact" dropdown offers the customer's people, nobody else."""
        Partner = self.env["res.partner"]
        field = self.env["sale.order"]._fields["partner_contact_id"]
        for customer in (self.customer, self.contact_ap):
            order = self.env["sale.order"].new({"partner_id": customer.id})
            domain = safe_eval(
                field.domain, {"commercial_partner_id": order.commercial_partner_id.id}
            )
            choices = Partner.search(domain)
            self.assertEqual(choices, self.contact | self.contact_ap, customer.name)
