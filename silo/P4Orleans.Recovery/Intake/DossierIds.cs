using System.Security.Cryptography;
using System.Text;

namespace P4Orleans.Recovery.Intake;

/// <summary>
/// A dossier's id is derived from ONSS's reference of its title, so that every path (single submission,
/// bulk file, a retry on another node) reaches the same grain: the grain itself is the idempotency key.
/// The id reveals nothing of the reference.
/// </summary>
public static class DossierIds
{
    public static string FromReference(string reference) =>
        "d" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("onss-reference\u001f" + reference.Trim())))[..31];
}
