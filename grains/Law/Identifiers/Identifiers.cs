namespace P4Orleans.Law;

/// <summary>Checks any identifier, by kind or by guessing the kind from its shape.</summary>
public static class Identifiers
{
    /// <summary>Checks <paramref name="input"/> as <paramref name="kind"/>.</summary>
    public static IdentifierResult Validate(string? input, IdentifierKind kind) => kind switch
    {
        IdentifierKind.Niss => NationalRegisterNumber.Validate(input),
        IdentifierKind.Kbo => EnterpriseNumber.Validate(input),
        _ => BelgianIban.Validate(input),
    };

    /// <summary>
    /// The kind suggested by the shape of <paramref name="input"/>: 11 digits → NISS; a two-letter
    /// prefix with 9 or 10 digits (BE0123456749) → KBO, otherwise with a letter prefix → IBAN; else KBO.
    /// </summary>
    public static IdentifierKind GuessKind(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trimmed = input.Trim();
        var digits = trimmed.Count(char.IsAsciiDigit);
        var letterPrefix = trimmed.Length >= 2 && char.IsAsciiLetter(trimmed[0]) && char.IsAsciiLetter(trimmed[1]);
        if (letterPrefix)
        {
            return digits is 9 or 10 ? IdentifierKind.Kbo : IdentifierKind.Iban;
        }

        return digits == 11 ? IdentifierKind.Niss : IdentifierKind.Kbo;
    }
}
