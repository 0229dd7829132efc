namespace P4Orleans.Api.Problems;

/// <summary>Bad input in one field: 400 with a validation problem.</summary>
public sealed class ValidationFailedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The request conflicts with the resource's current state: 409.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The resource does not exist (or must not be revealed): 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The request body is larger than the operation accepts: 413.</summary>
public sealed class PayloadTooLargeException(string message) : Exception(message);
