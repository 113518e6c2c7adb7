# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models

# Odoo's French leaves the "To-Do" activity type in English; the source ERPs
# (Prextra, OpenFire) say "À faire".
FRENCH_PREFIX = "fr"


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        self._name_todo_type_in_french(
            [lang for lang in langs if lang.startswith(FRENCH_PREFIX)]
        )
        return res

    def _name_todo_type_in_french(self, langs):
        """Give Odoo's "To-Do" activity type the source ERPs' French name in each
        French language, unless someone named it otherwise.

        :param langs: codes of the French languages just loaded (fr_FR, fr_CA...)
        """
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        if not todo or not langs:
            return
        for lang in langs:
            todo_in_lang = todo.with_context(lang=lang)
            if todo_in_lang.name == "To-Do":
                todo_in_lang.name = self.with_context(lang=lang).env._("To-Do")
