import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_contacts_ext_consent", {
    steps: () => [
        {
            content: "Open the personal data tab of Marc Tremblay's card",
            trigger: ".o_notebook .nav-link:contains(Personal data)",
            run: "click",
        },
        {
            content: "No consent recorded yet: unknown",
            trigger: ".o_field_widget[name='consent_state']:contains(Unknown)",
        },
        {
            content: "Tick the box: record the consent",
            trigger: "button[name='action_record_consent']:contains(Record consent)",
            run: "click",
        },
        {
            content: "The wizard asks for the channel",
            trigger: ".modal .o_field_widget[name='channel'] select",
            run: "selectByLabel Email",
        },
        {
            content: "and for the proof",
            trigger: ".modal .o_field_widget[name='proof'] textarea",
            run: "edit Courriel du 3 mai : oui à l'infolettre",
        },
        {
            content: "Record",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The card now shows the consent as granted",
            trigger:
                ".o_field_widget[name='consent_state']:contains(Granted):not(:visible:contains(Unknown))",
        },
        {
            content: "with the event in the history",
            trigger: ".o_field_widget[name='consent_ids'] .o_data_row:contains(Email)",
        },
    ],
});
