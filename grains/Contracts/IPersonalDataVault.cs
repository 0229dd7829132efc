namespace P4Orleans.Contracts;

/// <summary>
/// Encrypts a dossier's personal data under that dossier's own data key (AES-256-GCM), itself wrapped by
/// a master key kept outside the database. Destroying the key makes every sealed value of the dossier
/// unreadable at once (retention expiry). Implemented by the host; grains only see this contract.
/// </summary>
public interface IPersonalDataVault
{
    /// <summary>
    /// Encrypts <paramref name="plaintext"/> with the dossier's data key, created on first use. The sealed value is
    /// base64 text (a dossier's state holds its bytes).
    /// </summary>
    ValueTask<string> SealAsync(string dossierId, ReadOnlyMemory<byte> plaintext);

    /// <summary>Decrypts a value sealed for this dossier; null when the dossier's key was destroyed.</summary>
    ValueTask<byte[]?> UnsealAsync(string dossierId, string sealedValue);

    /// <summary>Destroys the dossier's data key. Irreversible.</summary>
    ValueTask DestroyAsync(string dossierId);
}
