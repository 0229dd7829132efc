using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Certificate;
using P4Orleans.Api.Audit;
using P4Orleans.Api.Users;

namespace P4Orleans.Api.Security;

/// <summary>
/// A refused client certificate: a 401 problem saying why (the caller is a system whose operator must act) and an audit
/// entry <c>auth.certificate-refused</c> with the reason and the certificate's thumbprint (never its subject, which may
/// name a person). The reasons: <c>certificate-expired</c>, <c>certificate-not-yet-valid</c>, <c>certificate-revoked</c>,
/// <c>certificate-revocation-unknown</c>, <c>certificate-untrusted-issuer</c>, <c>certificate-wrong-usage</c>,
/// <c>certificate-invalid</c>, <c>certificate-unregistered</c>, <c>certificate-not-a-system</c>, <c>user-suspended</c>,
/// <c>user-revoked</c>.
/// </summary>
public static class CertificateRefusal
{
    /// <summary>The audit action of a refused certificate.</summary>
    public const string AuditAction = "auth.certificate-refused";

    private const string ReasonKey = "p4.certificate-refusal";
    private const string UserKey = "p4.certificate-refusal-user";

    /// <summary>Keeps the reason found after the chain was accepted (the registry's answer), for the challenge.</summary>
    internal static void Remember(HttpContext http, string reason, Guid? userId)
    {
        http.Items[ReasonKey] = reason;
        http.Items[UserKey] = userId;
    }

    /// <summary>Answers the refused request with a 401 problem and appends the refusal's audit entry.</summary>
    internal static async Task ChallengeAsync(CertificateChallengeContext ctx)
    {
        var http = ctx.HttpContext;
        var certificate = http.Connection.ClientCertificate;
        if (certificate is null)
        {
            return;
        }
        ctx.HandleResponse();
        var reason = http.Items[ReasonKey] as string
            ?? ReasonOf(certificate, ctx.Options, (ctx.Options.TimeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime);
        var userId = http.Items[UserKey] as Guid?;
        // The endpoint's own entry (if audited) says why as well.
        http.AuditRefusal(reason);
        var log = http.RequestServices.GetRequiredService<AuditLog>();
        var thumbprint = UserRegistry.ThumbprintOf(certificate);
        await log.AppendAsync(new AuditEntry(log.Now(), userId, null, AuditAction, $"certificate/{thumbprint}", null,
            $"refused:{reason}:401", http.TraceIdentifier, JsonSerializer.Serialize(new { reason, thumbprint })));
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Certificate";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "The client certificate is refused.",
                Detail = DetailOf(reason),
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
                Extensions = { ["reason"] = reason },
            },
        });
    }

    /// <summary>Why the certificate handler refused the chain, found again with the same policy (the handler does not say).</summary>
    internal static string ReasonOf(X509Certificate2 certificate, CertificateAuthenticationOptions options, DateTime nowUtc)
    {
        if (nowUtc < certificate.NotBefore.ToUniversalTime())
        {
            return "certificate-not-yet-valid";
        }
        if (nowUtc > certificate.NotAfter.ToUniversalTime())
        {
            return "certificate-expired";
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(options.CustomTrustStore);
        chain.ChainPolicy.ExtraStore.AddRange(options.AdditionalChainCertificates);
        chain.ChainPolicy.RevocationMode = options.RevocationMode;
        chain.ChainPolicy.RevocationFlag = options.RevocationFlag;
        chain.ChainPolicy.VerificationTime = nowUtc;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(CertificateSetup.ClientAuthenticationOid));
        if (chain.Build(certificate))
        {
            // Nothing wrong with the chain: the handler refused it for its type (a self-signed certificate).
            return "certificate-untrusted-issuer";
        }
        var status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        return status switch
        {
            _ when status.HasFlag(X509ChainStatusFlags.Revoked) => "certificate-revoked",
            _ when status.HasFlag(X509ChainStatusFlags.UntrustedRoot) || status.HasFlag(X509ChainStatusFlags.PartialChain)
                || status.HasFlag(X509ChainStatusFlags.NotSignatureValid) => "certificate-untrusted-issuer",
            _ when status.HasFlag(X509ChainStatusFlags.RevocationStatusUnknown) || status.HasFlag(X509ChainStatusFlags.OfflineRevocation)
                => "certificate-revocation-unknown",
            _ when status.HasFlag(X509ChainStatusFlags.NotValidForUsage) => "certificate-wrong-usage",
            // A CA of the chain out of its dates.
            _ when status.HasFlag(X509ChainStatusFlags.NotTimeValid) => "certificate-expired",
            _ => "certificate-invalid",
        };
    }

    private static string DetailOf(string reason) => reason switch
    {
        "certificate-expired" => "The client certificate (or a CA of its chain) has expired.",
        "certificate-not-yet-valid" => "The client certificate is not valid yet.",
        "certificate-revoked" => "The client certificate has been revoked by its CA.",
        "certificate-revocation-unknown" => "The revocation status of the client certificate could not be learnt from its CA.",
        "certificate-untrusted-issuer" => "The client certificate is not issued by a CA this platform trusts.",
        "certificate-wrong-usage" => "The client certificate does not allow client authentication.",
        "certificate-unregistered" => "The client certificate is not registered for a user of the platform.",
        "certificate-not-a-system" => "The client certificate's user is not a system of ONSS or the Chamber.",
        "user-suspended" => "The user of the client certificate is suspended.",
        "user-revoked" => "The user of the client certificate is revoked.",
        _ => "The client certificate is not valid.",
    };
}
