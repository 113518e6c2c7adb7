"""Prextra's "Copier dans": a contact copied to another company, a contact group,
a mailing list or as a prospect."""

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestCopyTo(ContactsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="crm_ext_marketing_salesman",
            name="Marc Marketing",
            groups="sales_team.group_sale_salesman,base.group_partner_manager,"
            "mass_mailing.group_mass_mailing_user",
        )
        cls.contact.write(
            {
                "email": "jeanne.achat@chocolaterie.example",
                "phone": "418 333-3333",
                "phone_ext": "21",
                "email2": "jeanne@maison.example",
                "function": "Acheteuse",
                "title": cls.env.ref("base.res_partner_title_madam").id,
            }
        )
        cls.supplier = cls.env["res.partner"].create(
            {
                "name": "Cacao Fournisseur",
                "is_company": True,
                "supplier_rank": 1,
                "street": "9 rue du Cacao",
                "city": "Montréal",
            }
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "Salon 2026"})
        cls.mailing_list = cls.env["mailing.list"].create({"name": "Infolettre"})

    def _wizard(self, **values):
        action = self.contact.with_env(self.env).action_open_copy_to()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    @users("crm_ext_salesman")
    def test_copy_to_another_company(self):
        action = self._wizard(
            target="company", target_company_id=self.supplier
        ).action_copy()
        copy = self.env["res.partner"].browse(action["res_id"])
        self.assertNotEqual(copy, self.contact)
        self.assertEqual(copy.parent_id, self.supplier)
        self.assertEqual(copy.name, "Jeanne Achat")
        self.assertEqual(
            (copy.email, copy.phone, copy.phone_ext, copy.email2, copy.function),
            (
                "jeanne.achat@chocolaterie.example",
                "418 333-3333",
                "21",
                "jeanne@maison.example",
                "Acheteuse",
            ),
        )
        # Her new address is the company's; the original is untouched.
        self.assertEqual(copy.street, "9 rue du Cacao")
        self.assertEqual(copy.contact_status, "supplier")
        self.assertEqual(self.contact.parent_id, self.customer)

    @users("crm_ext_salesman")
    def test_copy_to_a_contact_group(self):
        self._wizard(target="tag", category_id=self.tag).action_copy()
        self.assertIn(self.tag, self.contact.category_id)
        self.assertEqual(
            self.env["res.partner"].search([("category_id", "=", self.tag.id)]),
            self.contact,
        )

    @users("crm_ext_marketing_salesman")
    def test_copy_to_a_mailing_list(self):
        wizard = self._wizard(target="mailing_list", mailing_list_id=self.mailing_list)
        wizard.action_copy()
        member = self.mailing_list.contact_ids
        self.assertEqual(member.name, "Jeanne Achat")
        self.assertEqual(member.email, "jeanne.achat@chocolaterie.example")
        self.assertEqual(member.company_name, "Chocolaterie Test")
        # Copying again does not duplicate the subscriber.
        wizard.action_copy()
        self.assertEqual(len(self.mailing_list.contact_ids), 1)

    @users("crm_ext_marketing_salesman")
    def test_copy_to_a_mailing_list_needs_an_email(self):
        self.contact_ap.email = False
        action = self.contact_ap.with_env(self.env).action_open_copy_to()
        wizard = self.env[action["res_model"]].with_context(**action["context"])
        wizard = wizard.create(
            {"target": "mailing_list", "mailing_list_id": self.mailing_list.id}
        )
        with self.assertRaises(UserError):
            wizard.action_copy()
        self.assertFalse(self.mailing_list.contact_ids)

    @users("crm_ext_salesman")
    def test_copy_as_a_prospect(self):
        action = self._wizard(target="lead").action_copy()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.type, "lead")
        self.assertEqual(lead.name, "Prospect: Chocolaterie Test, Jeanne Achat")
        self.assertEqual(lead.partner_id, self.contact)
        self.assertEqual(lead.contact_name, "Jeanne Achat")
        self.assertEqual(lead.partner_name, "Chocolaterie Test")
        self.assertEqual(lead.email_from, "jeanne.achat@chocolaterie.example")
        self.assertEqual(lead.phone, "418 333-3333")
        self.assertEqual(lead.function, "Acheteuse")
        self.assertEqual(lead.user_id, self.salesman)

    @users("crm_ext_salesman")
    def test_missing_target_is_refused(self):
        wizard = self.env["res.partner.copy.to"].create(
            {"partner_id": self.contact.id, "target": "company"}
        )
        with self.assertRaises(UserError) as error:
            wizard.action_copy()
        self.assertIn("Company", str(error.exception))
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "=", "Jeanne Achat")]), 1
        )
