using P4Orleans.Api.Audit;

namespace P4Orleans.Api.WebConsole;

/// <summary>
/// The audit entries of browser sessions, in the hash-chained log: each sign-in, refused sign-in, sign-out and
/// session ended by the per-request check. Resource <c>user/&lt;id&gt;</c> when the user is known; details name the
/// sign-in method; never a name or a national number.
/// </summary>
public static class SessionAudit
{
    public const string SignIn = "console.sign-in";
    public const string SignOut = "console.sign-out";
    public const string SessionEnded = "console.session-ended";

    /// <summary>Appends one entry; completes once it is committed (a sign-in whose entry fails is not granted).</summary>
    public static Task AppendAsync(HttpContext http, string action, Guid? userId, string outcome, string? method)
    {
        var log = http.RequestServices.GetRequiredService<AuditLog>();
        var details = method is null ? null : System.Text.Json.JsonSerializer.Serialize(new { method });
        return log.AppendAsync(new AuditEntry(log.Now(), userId, null, action, userId is null ? "user" : $"user/{userId}", null, outcome,
            http.TraceIdentifier, details));
    }
}
