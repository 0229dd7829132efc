using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using P4Orleans.Api.Users;
using P4Orleans.Silo.Hosting;

namespace P4Orleans.Api.Security;

/// <summary>Settings of client certificates (section <c>Authentication:Certificates</c>).</summary>
public sealed class ClientCertificateOptions
{
    /// <summary>
    /// Files of the CA certificates whose client certificates are accepted (PEM, possibly several in one file, or DER):
    /// self-signed ones are the trusted roots, the others intermediates of a chain. None configured: no certificate is accepted.
    /// </summary>
    public List<string> TrustedCaFiles { get; set; } = [];

    /// <summary>
    /// How revocation is checked: <c>Online</c> (the default: the CRL or OCSP responder the certificate names is fetched,
    /// and a certificate whose status cannot be learnt is refused), <c>Offline</c> (cached lists only) or <c>NoCheck</c>
    /// (a test CA that publishes no list).
    /// </summary>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.Online;
}

/// <summary>
/// Mutual TLS for the systems of ONSS and the Chamber: the certificate's chain must end at a configured CA, its dates
/// hold, its revocation status be known and good, and it must be registered for an active user of ONSS or the Chamber
/// (<see cref="UserRegistry.FindByCertificateAsync"/>); the principal then carries the same claims as a bearer token's
/// (<see cref="RegisteredPrincipal"/>), so that every authorisation applies unchanged. Every refusal is a 401 problem
/// and an audit entry <c>auth.certificate-refused</c> naming the reason (CertificateRefusal.cs).
/// </summary>
public static class CertificateSetup
{
    /// <summary>The authentication scheme of client certificates.</summary>
    public const string Scheme = CertificateAuthenticationDefaults.AuthenticationScheme;

    /// <summary>The client-authentication extended key usage a certificate must allow.</summary>
    internal const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Adds the certificate scheme with the trusted CAs and revocation mode of configuration.</summary>
    public static AuthenticationBuilder AddClientCertificates(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        var options = configuration.GetValidated<ClientCertificateOptions>("Authentication:Certificates");
        var (roots, intermediates) = LoadCas(options.TrustedCaFiles);
        builder.Services.AddSingleton(options);
        return builder.AddCertificate(Scheme, o =>
        {
            o.AllowedCertificateTypes = CertificateTypes.Chained;
            // Only the configured CAs: the machine's own trust store (public web CAs) never vouches for a system.
            o.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
            o.CustomTrustStore = roots;
            o.AdditionalChainCertificates = intermediates;
            o.RevocationMode = options.RevocationMode;
            o.RevocationFlag = X509RevocationFlag.ExcludeRoot;
            o.ValidateCertificateUse = true;
            o.ValidateValidityPeriod = true;
            o.Events = new CertificateAuthenticationEvents
            {
                OnCertificateValidated = MapToRegisteredUserAsync,
                OnChallenge = CertificateRefusal.ChallengeAsync,
            };
        });
    }

    /// <summary>The CA certificates of the files: self-signed ones as roots, the others as intermediates.</summary>
    internal static (X509Certificate2Collection Roots, X509Certificate2Collection Intermediates) LoadCas(IEnumerable<string> files)
    {
        var roots = new X509Certificate2Collection();
        var intermediates = new X509Certificate2Collection();
        foreach (var file in files.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Authentication:Certificates:TrustedCaFiles names a file that does not exist: {path}");
            }
            var all = new X509Certificate2Collection();
            var text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                all.ImportFromPem(text);
            }
            else
            {
                all.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            }
            foreach (var ca in all)
            {
                (ca.SubjectName.RawData.AsSpan().SequenceEqual(ca.IssuerName.RawData) ? roots : intermediates).Add(ca);
            }
        }
        return (roots, intermediates);
    }

    /// <summary>A valid certificate becomes its registered user, or is refused (unregistered, suspended, revoked, not a system).</summary>
    private static async Task MapToRegisteredUserAsync(CertificateValidatedContext ctx)
    {
        var http = ctx.HttpContext;
        var registry = http.RequestServices.GetRequiredService<UserRegistry>();
        var user = await registry.FindByCertificateAsync(ctx.ClientCertificate, http.RequestAborted);
        var refusal = RegisteredPrincipal.RefusalOf(user) switch
        {
            "unknown-user" => "certificate-unregistered",
            { } status => "user-" + status,
            // A row given another organisation by hand in the database: a certificate is for the systems of ONSS and the Chamber only.
            null when !UserRegistry.CertificateOrganisations.Contains(user!.OrganisationKind) => "certificate-not-a-system",
            null => null,
        };
        if (refusal is not null)
        {
            CertificateRefusal.Remember(http, refusal, user?.Id);
            ctx.Fail($"The client certificate is refused: {refusal}.");
            return;
        }
        ctx.Principal = await RegisteredPrincipal.ForAsync(http, user!, Scheme);
        ctx.Success();
    }
}
