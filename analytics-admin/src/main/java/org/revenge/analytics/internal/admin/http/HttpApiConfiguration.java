package org.revenge.analytics.internal.admin.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the HTTP API, PID {@value #PID}. */
@ObjectClassDefinition(
        id = HttpApiConfiguration.PID,
        name = "Revenge Analytics HTTP API",
        description = "JSON API under /analytics/api/v1 on the OSGi HTTP Whiteboard. No anonymous access.")
public @interface HttpApiConfiguration {

    /** The configuration PID. */
    String PID = "org.revenge.analytics.http";

    /** Callers log in with HTTP Basic against a JAAS realm. */
    String JAAS = "jaas";

    /** The host's ServletContextHelper authenticates and sets the remote user and roles. */
    String SERVLET_CONTEXT = "servlet-context";

    @AttributeDefinition(name = "Authentication",
            description = "jaas: HTTP Basic checked against the JAAS realm below (Karaf). servlet-context: the host's "
                    + "ServletContextHelper (selected below) authenticates and sets the whiteboard's remote user and "
                    + "authorization request attributes.",
            options = {@Option(label = "JAAS realm (HTTP Basic)", value = JAAS),
                    @Option(label = "Host ServletContextHelper", value = SERVLET_CONTEXT)})
    String authentication() default JAAS;

    @AttributeDefinition(name = "JAAS realm", description = "The JAAS realm to log in to (Karaf: karaf).")
    String jaas_realm() default "karaf";

    @AttributeDefinition(name = "Role principal classes",
            description = "Simple or full class names of the subject's principals that are roles (Karaf: RolePrincipal).")
    String[] jaas_role_principal_classes() default {"RolePrincipal"};

    @AttributeDefinition(name = "Admin role", description = "The role that may call every endpoint; others reach only /me.")
    String admin_role() default "admin";

    @AttributeDefinition(name = "User ids",
            description = "login=uuid entries mapping a login to the host's user id. A login that is itself a UUID is that "
                    + "user without an entry; any other login has no /me.", required = false)
    String[] user_ids() default {};

    @AttributeDefinition(name = "Largest import upload (MiB)",
            description = "POST /imports refuses a file larger than this; the upload is kept in the bundle's data area only while it is imported.")
    int import_max_upload_mib() default 2048;

    @AttributeDefinition(name = "Basic realm", description = "The realm named in WWW-Authenticate.")
    String http_realm() default "Revenge Analytics";

    @AttributeDefinition(name = "Servlet context",
            description = "Whiteboard filter selecting the ServletContextHelper the API is registered with; a host "
                    + "that authenticates itself names its own helper here.")
    String osgi_http_whiteboard_context_select() default "(osgi.http.whiteboard.context.name=default)";

    @AttributeDefinition(name = "Metrics endpoint",
            description = "Serve the plugin's figures in the Prometheus text format at /metrics below the API (admin "
                    + "only), for a scraper on this machine. Nothing is pushed anywhere.")
    boolean metrics_enabled() default false;
}
