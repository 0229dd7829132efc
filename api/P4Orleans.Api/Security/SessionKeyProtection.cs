using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using P4Orleans.Silo.Security;

namespace P4Orleans.Api.Security;

/// <summary>
/// Seals the data-protection keys of the browser session (which protect its cookies and anti-forgery tokens) at rest
/// with the platform's master keys (<see cref="KeyRing"/>, AES-GCM, outside the database): a copy of the keys folder
/// alone opens no session.
/// </summary>
public sealed class SessionKeyEncryptor(KeyRing keys) : IXmlEncryptor
{
    internal const string Purpose = "session.data-protection";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedKey = keys.Protect(Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)), Purpose);
        return new EncryptedXmlInfo(new XElement("sealedKey", Convert.ToBase64String(sealedKey)), typeof(SessionKeyDecryptor));
    }
}

/// <summary>Opens what <see cref="SessionKeyEncryptor"/> sealed (created by data protection with the service provider).</summary>
public sealed class SessionKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var keys = services.GetRequiredService<KeyRing>();
        return XElement.Parse(Encoding.UTF8.GetString(keys.Unprotect(Convert.FromBase64String(encryptedElement.Value), SessionKeyEncryptor.Purpose)));
    }
}
