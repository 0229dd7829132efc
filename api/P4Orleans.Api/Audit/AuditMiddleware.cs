using Microsoft.AspNetCore.Diagnostics;
using P4Orleans.Api.Security;
using P4Orleans.Api.Users;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Audit;

/// <summary>Marks an endpoint whose requests read or write personal data: each one is audited.</summary>
public sealed record AuditedMetadata(string Action, string ResourceKind);

public static class AuditExtensions
{
    private const string ResourceKey = "p4.audit.resource";
    private const string DossierKey = "p4.audit.dossier";
    private const string RefusalKey = "p4.audit.refusal";
    private const string DetailsKey = "p4.audit.details";
    private const string RefusedUserKey = "p4.audit.refused-user";

    /// <summary>Audits every request to this endpoint (or group), whatever its outcome, refusals included.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, string resourceKind) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedMetadata(action, resourceKind));

    /// <summary>Names the resource a handler touched, when the route does not (a created id, say).</summary>
    public static void AuditResource(this HttpContext context, string id) => context.Items[ResourceKey] = id;

    /// <summary>Names the dossier a handler touched, when the route does not.</summary>
    public static void AuditDossier(this HttpContext context, string id) => context.Items[DossierKey] = id;

    /// <summary>
    /// Records why a request was refused, when its answer hides the reason (another office's dossier answers 404, as a
    /// missing one): the caller sees the status only, the audit entry says <c>refused:{reason}:{status}</c>.
    /// </summary>
    public static void AuditRefusal(this HttpContext context, string reason) => context.Items[RefusalKey] = reason;

    /// <summary>
    /// Names the registered user whose credentials were refused (suspended, revoked): the request is anonymous, but its
    /// entry says who tried, so that a use after a departure or a suspension shows in the access-anomaly report.
    /// </summary>
    public static void AuditRefusedUser(this HttpContext context, Guid userId, string reason)
    {
        context.Items[RefusedUserKey] = userId;
        context.Items[RefusalKey] = reason;
    }

    /// <summary>Adds details (JSON text, no personal data) to the request's audit entry: what a change of rights asked for.</summary>
    public static void AuditDetails(this HttpContext context, string details) => context.Items[DetailsKey] = details;

    /// <summary>
    /// Appends the audit entry of an audited request just before its response starts, so nothing leaves
    /// unaudited: the status code is the outcome (a 403 is a refused access, a 401 an anonymous attempt).
    /// </summary>
    public static IApplicationBuilder UseAudit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var audited = context.GetEndpoint()?.Metadata.GetMetadata<AuditedMetadata>();
        if (audited is not null)
        {
            // The exception handler clears the route values before it writes the problem: keep the ids now, so that
            // a refused or failed request is audited with its dossier too (handlers may still name another one).
            if (context.Request.RouteValues.TryGetValue("dossierId", out var dossierId) && dossierId is not null)
            {
                context.Items[DossierKey] = dossierId.ToString();
            }
            if (context.Request.RouteValues.TryGetValue("id", out var id) && id is not null)
            {
                context.Items[ResourceKey] = id.ToString();
            }
            context.Response.OnStarting(() => AppendAsync(context, audited));
        }
        await next(context);
    });

    private static async Task AppendAsync(HttpContext context, AuditedMetadata audited)
    {
        try
        {
            await AppendEntryAsync(context, audited);
        }
        catch (Exception e) when (Silo.Hosting.DatabaseOutage.IsOutage(e))
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("P4Orleans.Api.Audit");
            if (context.Response.StatusCode >= 500)
            {
                // The request failed on the same outage and served nothing.
                logger.LogWarning("Audit entry of failed request {RequestId} not written: database unavailable", context.TraceIdentifier);
                return;
            }
            // A request that cannot be audited is not served: its response is dropped before any byte leaves.
            logger.LogWarning("Request {RequestId} aborted: its audit entry could not be written (database unavailable)", context.TraceIdentifier);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Abort();
        }
    }

    private static Task AppendEntryAsync(HttpContext context, AuditedMetadata audited)
    {
        var log = context.RequestServices.GetRequiredService<AuditLog>();
        var user = context.User;
        var routeId = context.Request.RouteValues.TryGetValue("id", out var id) ? id?.ToString() : null;
        var resourceId = context.Items.TryGetValue(ResourceKey, out var r) ? r as string : routeId;
        var dossier = context.Items.TryGetValue(DossierKey, out var d) ? d as string
            : context.Request.RouteValues.TryGetValue("dossierId", out var dr) ? dr?.ToString() : null;
        var status = context.Response.StatusCode;
        var refusal = context.Items.TryGetValue(RefusalKey, out var reason) ? reason as string
            : RefusalOf(context.Features.Get<IExceptionHandlerFeature>()?.Error);
        var outcome = (refusal is not null && status >= 400 ? $"refused:{refusal}" : status switch
        {
            < 400 => "ok",
            401 => "unauthenticated",
            403 => "denied",
            404 => "not-found",
            < 500 => "rejected",
            _ => "error",
        }) + ":" + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return log.AppendAsync(new AuditEntry(
            log.Now(),
            user.Identity?.IsAuthenticated == true ? user.UserId() : context.Items.TryGetValue(RefusedUserKey, out var refused) ? refused as Guid? : null,
            user.Identity?.IsAuthenticated == true ? user.Roles() : null,
            audited.Action,
            resourceId is null ? audited.ResourceKind : $"{audited.ResourceKind}/{resourceId}",
            dossier,
            outcome,
            context.TraceIdentifier,
            context.Items.TryGetValue(DetailsKey, out var details) ? details as string : null));
    }

    /// <summary>The true reason of a refusal whose answer hides it (or names only the status), from the exception that made it.</summary>
    private static string? RefusalOf(Exception? error) => error switch
    {
        NotAssignedOfficeException => "not-assigned-office",
        RightsRefusedException rights => rights.Reason,
        _ => null,
    };
}
