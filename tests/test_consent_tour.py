"""Recording a consent from the contact card, in the web client (issue 5)."""

from odoo.tests import tagged

from .common import TourCase


@tagged("standard", "post_install", "-at_install")
class TestConsentTour(TourCase):
    tour_login = "crm_ext_tour_consent"

    def test_record_consent_from_the_card(self):
        marc = self.env.ref("crm_contacts_ext.partner_marc_tremblay")
        self.assertEqual(marc.consent_state, "unknown")
        self.run_tour(marc, "consent")
        self.assertEqual(marc.consent_state, "granted")
        self.assertEqual(marc.consent_ids.channel, "email")
        self.assertEqual(marc.consent_ids.user_id, self.salesman)
        self.assertEqual(
            marc.sudo().consent_ids.proof, "Courriel du 3 mai : oui à l'infolettre"
        )
