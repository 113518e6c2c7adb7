"""Recording a consent from the contact card, in the web client (issue 5)."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("standard", "post_install", "-at_install")
class TestConsentTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="crm_ext_tour_consent",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
        )

    def test_record_consent_from_the_card(self):
        marc = self.env.ref("crm_contacts_ext.partner_marc_tremblay")
        self.assertEqual(marc.consent_state, "unknown")
        self.start_tour(
            f"/odoo/contacts/{marc.id}",
            "crm_contacts_ext_consent",
            login=self.salesman.login,
        )
        self.assertEqual(marc.consent_state, "granted")
        self.assertEqual(marc.consent_ids.channel, "email")
        self.assertEqual(marc.consent_ids.user_id, self.salesman)
        self.assertEqual(
            marc.sudo().consent_ids.proof, "Courriel du 3 mai : oui à l'infolettre"
        )
