namespace P4Orleans.Law;

/// <summary>A question the engine cannot answer with the rules and data it has (never a guess).</summary>
public sealed class LawRuleException : Exception
{
    /// <summary>Creates the exception with a message naming what is missing.</summary>
    public LawRuleException(string message)
        : base(message)
    {
    }
}
