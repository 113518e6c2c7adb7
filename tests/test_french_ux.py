"""What a French-speaking salesperson reads on the card, in its dialogs and its
lists (issue 20): the views and messages, checked as the user gets them."""

from unittest.mock import patch

import requests
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users

from .common import FrenchCase

LANGS = ("fr_FR", "fr_CA")


@tagged("standard", "post_install", "-at_install")
class TestFrenchUx(FrenchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman.lang = "fr_CA"
        cls.warning = cls.env["res.partner.warning"].create(
            {
                "partner_id": cls.customer.id,
                "message": "Mauvais payeur",
                "blocking": True,
            }
        )

    def _card(self, lang="fr_CA"):
        arch = (
            self.env["res.partner"]
            .with_context(lang=lang)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        return etree.fromstring(arch)

    # 2. Who is blocked, for what, by whose warning --------------------------

    @users("crm_ext_salesman")
    def test_block_says_who_for_what_and_whose_warning_in_french(self):
        with self.assertRaises(UserError) as caught:
            self.env["sale.order"].with_context(lang="fr_CA").create(
                {"partner_id": self.contact.id}
            )
        message = str(caught.exception)
        self.assertIn(
            "Blocage de Jeanne Achat pour « Soumissions / Commandes », par "
            "l’avertissement de sa société Chocolaterie Test : Mauvais payeur",
            message,
        )
        self.assertNotIn("1 rue du Test", message, "no address in the sentence")

    @users("crm_ext_salesman")
    def test_own_warning_said_so(self):
        with self.assertRaises(UserError) as caught:
            self.env["sale.order"].with_context(lang="en_US").create(
                {"partner_id": self.customer.id}
            )
        self.assertIn(
            "Chocolaterie Test is blocked for Quotations / Orders by their own "
            "warning: Mauvais payeur",
            str(caught.exception),
        )

    @users("crm_ext_salesman")
    def test_person_card_shows_company_warnings(self):
        person = Form(self.env["res.partner"].browse(self.contact.id))
        self.assertEqual(person.company_warning_ids.ids, self.warning.ids)
        company = Form(self.env["res.partner"].browse(self.customer.id))
        self.assertFalse(company.company_warning_ids, "its own, listed above")
        field = self._card().xpath("//field[@name='company_warning_ids']")
        self.assertTrue(field)

    # 6. The source ERPs' words ----------------------------------------------

    @users("crm_ext_salesman")
    def test_card_wording_in_quebec_french(self):
        card = self._card()
        separators = {g.get("string") for g in card.iter("group") if g.get("string")}
        self.assertIn("Intervenants", separators)
        self.assertIn("Statut et création", separators)
        self.assertNotIn("Enregistrer", separators, "reads as 'Save'")
        pages = {p.get("string") for p in card.iter("page")}
        self.assertIn("Types de contact", pages)
        self.assertNotIn(
            "Types de contact", separators, "a tab's name, not a section's"
        )
        self.assertEqual(
            card.xpath("//label[@for='email']")[0].get("string"), "Courriel"
        )
        self.assertIn("Publipostage", separators)
        for lang in LANGS:
            fields = (
                self.env["res.partner"]
                .with_context(lang=lang)
                .fields_get(["email2", "mailing_list_count"], ["string"])
            )
            self.assertIn("Courriel", fields["email2"]["string"])

    @users("crm_ext_salesman")
    def test_todo_type_in_french(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for lang in LANGS:
            self.assertEqual(todo.with_context(lang=lang).name, "À faire")
        self.assertEqual(todo.with_context(lang="en_US").name, "To-Do")

    # 9. Consent: always recordable, the history's lock explained -------------

    @users("crm_ext_salesman")
    def test_record_consent_always_offered(self):
        card = self._card()
        record = card.xpath(
            "//button[@name='action_record_consent']"
            "[@string='Enregistrer le consentement']"
        )
        self.assertEqual(record[0].get("invisible"), "not id")
        note = card.xpath("//div[contains(@class, 'o_consent_history_note')]")
        self.assertIn("ni modifiés ni supprimés", "".join(note[0].itertext()))

    # 10. Empty lists say what is true whatever the filter ---------------------

    @users("crm_ext_salesman")
    def test_empty_activity_list_does_not_claim_open_only(self):
        action = (
            self.env["res.partner"]
            .with_context(lang="fr_CA")
            .browse(self.contact.id)
            .action_view_partner_history()
        )
        self.assertEqual(action["context"], {"search_default_completed": 1})
        help_text = (
            self.env["ir.actions.act_window"]
            .with_context(lang="fr_CA")
            ._for_xml_id("crm_contacts_ext.res_partner_activity_report_action")["help"]
        )
        self.assertNotIn("ouvert", help_text.split("</p>")[0])
        self.assertIn("Terminées uniquement", help_text)

    # 4, 5. The button bar; one click to a person's full card ------------------

    @users("crm_ext_salesman")
    def test_button_bar_and_full_card_button(self):
        card = self._card()
        box = card.xpath("//div[@name='button_box']")[0]
        names = [b.get("name") for b in box.iter("button")]
        self.assertEqual(
            names[:5],
            [
                "action_view_partner_notes",
                "action_view_partner_activities",
                "action_view_opportunity",
                "action_view_sales_occasions",
                "action_view_partner_history",
            ],
        )
        self.assertNotIn("action_new_quotation", names)
        header = card.xpath("//header//button[@name='action_new_quotation']")
        self.assertEqual(header[0].get("string"), "Nouvelle soumission")
        opener = card.xpath(
            "//field[@name='child_ids']/form//button[@name='get_formview_action']"
        )
        self.assertEqual(opener[0].get("string"), "Ouvrir la fiche complète")

    # 3. Nearby contacts --------------------------------------------------------

    @users("crm_ext_salesman")
    def test_nearby_explains_a_missing_position(self):
        partner = (
            self.env["res.partner"].with_context(lang="fr_CA").browse(self.contact.id)
        )
        with self.assertRaises(UserError) as caught:
            partner.action_view_nearby_partners()
        self.assertIn("Calculer", str(caught.exception))
        button = self._card().xpath("//button[@name='action_view_nearby_partners']")
        self.assertEqual(button[0].get("invisible"), "not id", "always offered")

    @users("crm_ext_salesman")
    def test_nearby_list_nearest_first_with_distance(self):
        Partner = self.env["res.partner"]
        here = Partner.create(
            {"name": "Ici", "partner_latitude": 46.12, "partner_longitude": -70.67}
        )
        far = Partner.create(
            {"name": "Aaa Loin", "partner_latitude": 46.21, "partner_longitude": -70.67}
        )
        near = Partner.create(
            {
                "name": "Zzz Près",
                "partner_latitude": 46.165,
                "partner_longitude": -70.67,
            }
        )
        action = here.action_view_nearby_partners()
        view_id, view_type = action["views"][0]
        arch = Partner.get_view(view_id, view_type)["arch"]
        self.assertNotIn("sample", arch)
        column = etree.fromstring(arch).xpath("//field[@name='nearby_distance_km']")
        self.assertEqual(column[0].get("width"), "120px", "its header fits")
        found = Partner.with_context(**action["context"]).search_fetch(
            action["domain"], ["nearby_distance_km"], order="nearby_distance_km"
        )
        self.assertEqual(found[:2].ids, [near.id, far.id])
        self.assertAlmostEqual(found[0].nearby_distance_km, 5.0, delta=0.1)
        self.assertAlmostEqual(found[1].nearby_distance_km, 10.0, delta=0.1)

    @users("crm_ext_salesman")
    def test_geocoding_error_in_the_users_language(self):
        partner = self.env["res.partner"].browse(self.contact.id)
        with (
            patch.object(requests, "get", side_effect=requests.ConnectionError("boom")),
            self.assertRaises(UserError) as caught,
        ):
            partner.with_context(force_geo_localize=True).geo_localize()
        message = str(caught.exception)
        self.assertNotIn("boom", message)
        self.assertIn("Le service de géolocalisation", message)

    # 13. Column headers that fit ---------------------------------------------

    @users("crm_ext_salesman")
    def test_short_french_column_headers(self):
        for view in self._card().xpath("//field[@name='partner_warning_ids']/list"):
            labels = {f.get("name"): f.get("string") for f in view.iter("field")}
            self.assertEqual(labels["on_sale_order"], "Soumissions")
            widths = {f.get("name"): f.get("width") for f in view.iter("field")}
            self.assertEqual(widths["on_opportunity"], "110px")
