import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_contacts_ext_card_french", {
    steps: () => [
        {
            content: "Laura Secord's card is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value(Laura Secord)",
        },
        {
            content: "The fax is labelled as in Québec",
            trigger: ".o_form_view .o_form_label:contains(Télécopieur)",
        },
        {
            content: "The card page has its French name",
            trigger: ".o_notebook .nav-link:contains(Fiche)",
            run: "click",
        },
        {
            content: "Its groups are in French",
            trigger: ".o_notebook .tab-pane.active .o_horizontal_separator:contains(Téléphones et courriels)",
        },
        {
            content: "The personal data page has its French name",
            trigger: ".o_notebook .nav-link:contains(Données personnelles et publipostage)",
        },
        {
            content: "The roles page has its French name",
            trigger: ".o_notebook .nav-link:contains(Types de contact)",
            run: "click",
        },
        {
            content: "The roles page lists her roles",
            trigger: ".o_notebook .tab-pane.active .o_field_widget[name='role_line_ids'] .o_data_row",
        },
        {
            content: "No English page name is left on the card",
            trigger: ".o_notebook",
            run() {
                const names = [...document.querySelectorAll(".o_notebook .nav-link")].map(
                    (el) => el.textContent.trim()
                );
                for (const english of ["Card", "Roles", "Personal data & mailing"]) {
                    if (names.includes(english)) {
                        throw new Error(`Untranslated page "${english}" in ${names}`);
                    }
                }
            },
        },
    ],
});
