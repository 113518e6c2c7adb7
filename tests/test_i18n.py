"""The addon speaks French, in France and in Québec.

The committed .pot must hold every translatable term of the installed addon, and fr.po
and fr_CA.po must translate each of them, keeping their placeholders. Run
scripts/i18n.sh to export the .pot and merge it into the .po files.
"""

import io
import os
import re

import polib

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged, users
from odoo.tools.translate import trans_export

from .common import FrenchCase

I18N = os.path.join(os.path.dirname(__file__), "..", "crm_contacts_ext", "i18n")
LANGS = ("fr", "fr_CA")  # the .po files
USER_LANGS = ("fr_FR", "fr_CA")  # the languages users pick; fr.po serves fr_FR
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")


def _po(name):
    return polib.pofile(os.path.join(I18N, name))


@tagged("standard", "post_install", "-at_install")
class TestTranslationFiles(TransactionCase):
    def test_pot_holds_every_term_of_the_addon(self):
        buffer = io.BytesIO()
        trans_export(False, ["crm_contacts_ext"], buffer, "po", self.env.cr)
        exported = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
        committed = {entry.msgid for entry in _po("crm_contacts_ext.pot")}
        self.assertFalse(
            sorted(exported - committed)[:20],
            "terms missing from the .pot: run scripts/i18n.sh and translate them",
        )
        self.assertFalse(
            sorted(committed - exported)[:20],
            "terms of the .pot the addon no longer has: run scripts/i18n.sh",
        )

    def test_every_term_translated_in_french(self):
        terms = {entry.msgid for entry in _po("crm_contacts_ext.pot")}
        for lang in LANGS:
            with self.subTest(lang=lang):
                po = _po(f"{lang}.po")
                translated = {e.msgid for e in po if e.msgstr.strip()}
                self.assertFalse(
                    sorted(terms - translated)[:20],
                    f"untranslated terms in {lang}.po",
                )

    def test_translations_keep_their_placeholders(self):
        for lang in LANGS:
            for entry in _po(f"{lang}.po"):
                if not entry.msgstr:
                    continue
                with self.subTest(lang=lang, msgid=entry.msgid[:60]):
                    self.assertEqual(
                        sorted(PLACEHOLDER.findall(entry.msgid)),
                        sorted(PLACEHOLDER.findall(entry.msgstr)),
                    )


@tagged("standard", "post_install", "-at_install")
class TestCardInFrench(FrenchCase):
    @users("crm_ext_salesman")
    def test_roles_in_the_words_of_the_source(self):
        accounts_payable = self.env.ref("crm_contacts_ext.role_accounts_payable")
        purchasing = self.env.ref("crm_contacts_ext.role_purchasing")
        for lang in USER_LANGS:
            with self.subTest(lang=lang):
                self.assertEqual(
                    accounts_payable.with_context(lang=lang).name, "Comptes à payer"
                )
                self.assertEqual(purchasing.with_context(lang=lang).name, "Achats")

    @users("crm_ext_salesman")
    def test_card_labels_in_quebec_french(self):
        fields = (
            self.env["res.partner"]
            .with_context(lang="fr_CA")
            .fields_get(["fax", "email2"], ["string"])
        )
        self.assertEqual(fields["fax"]["string"], "Télécopieur")
        self.assertIn("courriel", fields["email2"]["string"].lower())

    @users("crm_ext_accountant")
    def test_errors_speak_french(self):
        partner = self.env["res.partner"].browse(self.contact.id)
        messages = {}
        for lang in ("en_US", "fr_FR"):
            with self.assertRaises(ValidationError) as refusal:
                partner.with_context(lang=lang).write({"email2": "pas-une-adresse"})
            messages[lang] = str(refusal.exception)
        self.assertNotEqual(messages["fr_FR"], messages["en_US"])
        self.assertIn("pas-une-adresse", messages["fr_FR"])


# Labels that are the same word in French.
SAME_IN_FRENCH = {"Prospect", "Contact", "Inactive", "Web", "Import", "Type", "Source"}


@tagged("standard", "post_install", "-at_install")
class TestSelectionsInFrench(FrenchCase):
    """Every choice a French user reads in the addon's screens and dialogs (the
    selection fields of its views, its models and its wizards) is French."""

    def _addon_records(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "=", "crm_contacts_ext"), ("model", "=", model)]
        )
        return self.env[model].browse(data.mapped("res_id"))

    def _choices_on_screen(self):
        """{(model, field name): values or None for all} of the choices the
        addon puts on its screens and dialogs: those it adds to a selection
        field (its own fields' and those it adds to Odoo's), and every choice of
        its selection fields whose choices are computed (Odoo keeps no record of
        them, and so no translation)."""
        choices = {}
        # Odoo's own choices on a field the addon extends (the partner's address
        # types, debtor trust) are Odoo's to translate: only the addon's labels.
        labels = {entry.msgid for entry in _po("crm_contacts_ext.pot")}
        for value in self._addon_records("ir.model.fields.selection"):
            if value.with_context(lang="en_US").name not in labels:
                continue
            key = (value.field_id.model, value.field_id.name)
            choices.setdefault(key, set()).add(value.value)
        for field in self._addon_records("ir.model.fields"):
            if (
                field.ttype == "selection"
                and not field.selection_ids
                and not field.related
            ):
                choices[(field.model, field.name)] = None
        return choices

    def test_every_choice_on_screen_is_french(self):
        untranslated = []
        for (model_name, field_name), values in sorted(
            self._choices_on_screen().items()
        ):
            Model = self.env[model_name]
            english = dict(
                Model.with_context(lang="en_US").fields_get([field_name])[field_name][
                    "selection"
                ]
            )
            for lang in USER_LANGS:
                french = dict(
                    Model.with_context(lang=lang).fields_get([field_name])[field_name][
                        "selection"
                    ]
                )
                untranslated.extend(
                    f"{lang} {model_name}.{field_name}: {label}"
                    for value, label in english.items()
                    if (values is None or value in values)
                    and french.get(value) == label
                    and label not in SAME_IN_FRENCH
                )
        self.assertFalse(untranslated, "choices left in English")

    @users("crm_ext_salesman")
    def test_schedule_dialog_repeat_choices_in_quebec_french(self):
        selection = dict(
            self.env["mail.activity.schedule"]
            .with_context(lang="fr_CA")
            .fields_get(["recurrence_type"])["recurrence_type"]["selection"]
        )
        self.assertEqual(selection["none"], "Une seule fois")
        self.assertEqual(selection["weekly"], "Hebdomadaire")
