using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace P4Orleans.Api.Tests.Certificates;

/// <summary>A certificate authority made in the test: its root, the certificates it issues and the revocation list it publishes.</summary>
public sealed class TestCa : IDisposable
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly List<X509Certificate2> _issued = [];
    private readonly List<byte[]> _revokedSerials = [];

    /// <summary>A self-signed root valid from a year ago to a year ahead; <paramref name="crlUrl"/> goes into every certificate it issues.</summary>
    public TestCa(string name, Uri? crlUrl = null)
    {
        CrlUrl = crlUrl;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=P4Orleans tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Root = Reload(request.CreateSelfSigned(now.AddYears(-1), now.AddYears(1)));
    }

    public X509Certificate2 Root { get; }

    public Uri? CrlUrl { get; }

    /// <summary>The root as PEM, as a trusted-CA file holds it.</summary>
    public string RootPem => Root.ExportCertificatePem();

    /// <summary>A client certificate (client-authentication usage) valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public X509Certificate2 Client(string subject, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) =>
        Issue(subject, ClientAuthentication, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30), san: null);

    /// <summary>A server certificate for 127.0.0.1 and localhost.</summary>
    public X509Certificate2 Server()
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        return Issue("CN=localhost", ServerAuthentication, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), san.Build());
    }

    /// <summary>Puts the certificate on the revocation list (publish it before anyone fetches the list: fetched lists are cached).</summary>
    public void Revoke(X509Certificate2 certificate) => _revokedSerials.Add(certificate.SerialNumberBytes.ToArray());

    /// <summary>The revocation list, signed by the root, valid for a week.</summary>
    public byte[] Crl()
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var serial in _revokedSerials)
        {
            builder.AddEntry(serial, DateTimeOffset.UtcNow.AddMinutes(-5), X509RevocationReason.KeyCompromise);
        }
        return builder.Build(Root, 1, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256);
    }

    private X509Certificate2 Issue(string subject, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Extension? san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }
        if (CrlUrl is not null)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([CrlUrl.ToString()]));
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Root, notBefore, notAfter, serial);
        var withKey = Reload(issued.CopyWithPrivateKey(key));
        _issued.Add(withKey);
        return withKey;
    }

    // Through PKCS#12, so that the private key is usable by TLS on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12, ""), "", X509KeyStorageFlags.Exportable);
        }
    }

    public void Dispose()
    {
        foreach (var certificate in _issued)
        {
            certificate.Dispose();
        }
        Root.Dispose();
    }
}
