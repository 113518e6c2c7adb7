"""Web-client tours, in a real Chromium, as a salesperson."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("standard", "post_install", "-at_install")
class TestContactCardTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_tour_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )

    def test_open_laura_secord_card(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.start_tour(
            f"/odoo/contacts/{laura.id}",
            "crm_contacts_ext_laura_card",
            login=self.salesman.login,
        )
        # The tour edited the job position and saved: the change must be in the
        # database.
        self.assertEqual(laura.function, "Acheteuse principale")


@tagged("standard", "post_install", "-at_install")
class TestContactCopyToTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_tour_copy_salesman",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )

    def test_card_fields_and_copy_as_prospect(self):
        laura = self.env.ref("crm_contacts_ext.partner_laura_secord")
        self.start_tour(
            f"/odoo/contacts/{laura.id}",
            "crm_contacts_ext_copy_to",
            login=self.salesman.login,
        )
        # Opening the wizard saved the card; the lead was created from it.
        self.assertEqual(laura.department, "Achats et approvisionnement")
        lead = self.env["crm.lead"].search(
            [("name", "=", "Prospect Laura — salon 2026")]
        )
        self.assertEqual(lead.partner_id, laura)
        self.assertEqual(lead.email_from, laura.email)
