"""The addon installs with its demo card, as the source documents show it."""

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged, users

from .common import ContactsCase


@tagged("standard", "post_install", "-at_install")
class TestFoundation(ContactsCase):
    def test_module_installed_at_its_version(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "crm_contacts_ext")]
        )
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, "18.0.1.0.0")
        self.assertEqual(module.license, "LGPL-3")

    def test_depends_on_the_modules_the_mission_needs(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "crm_contacts_ext")]
        )
        self.assertEqual(
            set(module.dependencies_id.mapped("name")),
            {
                "contacts",
                "crm",
                "calendar",
                "sale_crm",
                "account",
                "base_geolocalize",
                "mass_mailing",
            },
        )

    @users("crm_ext_salesman")
    def test_demo_customer_as_in_the_source(self):
        folies = self.env.ref("crm_contacts_ext.partner_folies_au_chocolat")
        self.assertTrue(folies.is_company)
        self.assertEqual(folies.street, "1210 de la Cornée")
        self.assertEqual(folies.city, "Saint-Georges")
        self.assertEqual(folies.state_id.code, "QC")
        self.assertEqual(folies.zip, "G5Y 7H5")
        self.assertEqual(folies.country_id.code, "CA")
        self.assertEqual(folies.phone, "418 222-2222")
        self.assertEqual(folies.fax, "418 222-2221")

    @users("crm_ext_salesman")
    def test_demo_contact_laura_secord(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        folies = self.env.ref("crm_contacts_ext.partner_folies_au_chocolat")
        self.assertEqual(laura.name, "Laura Secord")
        self.assertEqual(laura.parent_id, folies)
        self.assertEqual(laura.commercial_partner_id, folies)
        self.assertEqual(laura.title, self.env.ref("base.res_partner_title_madam"))
        self.assertIn(laura, folies.child_ids)
        self.assertEqual(len(folies.child_ids), 2, "Laura Secord and a second contact")

    def test_demo_supplier_and_prospect(self):
        supplier = self.env.ref("crm_contacts_ext.partner_cacao_import")
        prospect = self.env.ref("crm_contacts_ext.partner_confiserie_lyon")
        self.assertGreater(supplier.supplier_rank, 0)
        self.assertEqual(prospect.customer_rank, 0)
        self.assertEqual(prospect.opportunity_count, 1)

    @users("crm_ext_salesman")
    def test_salesperson_types_a_fax_in_the_form(self):
        with Form(self.env["res.partner"].browse(self.contact.id)) as card:
            card.fax = "418 555-0199"
        # formatted for the contact's country (Canada, its company's) as Odoo's phone
        self.assertEqual(self.contact.fax, "+1 418-555-0199")
        found = self.env["res.partner"].search([("fax", "=", "+1 418-555-0199")])
        self.assertEqual(found, self.contact)

    @users("crm_ext_accountant")
    def test_accountant_reads_the_card(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        values = laura.read(["name", "fax", "parent_id"])[0]
        self.assertEqual(values["fax"], "418 222-2221")
        self.assertEqual(values["parent_id"][1], "Folies au Chocolat")

    @users("crm_ext_salesman")
    def test_fax_is_on_the_contact_form(self):
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        self.assertIn('name="fax"', arch)

    def test_portal_user_cannot_read_the_card(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portail",
                "login": "crm_ext_portal",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRaises(AccessError):
            self.contact.with_user(portal).read(["fax"])
