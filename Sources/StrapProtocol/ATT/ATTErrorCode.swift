/// The error code of an ATT Error Response (values from BlueZ `src/shared/att-types.h`).
///
/// Application errors are 0x80–0x9F (the Heart Rate Service uses 0x80); common profile errors are 0xFC–0xFF.
public struct ATTErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The error byte.
    public var rawValue: UInt8

    /// Creates an error code from its byte.
    ///
    /// - Parameter rawValue: The error byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x01 Invalid Handle.
    public static let invalidHandle = ATTErrorCode(rawValue: 0x01)
    /// 0x02 Read Not Permitted.
    public static let readNotPermitted = ATTErrorCode(rawValue: 0x02)
    /// 0x03 Write Not Permitted.
    public static let writeNotPermitted = ATTErrorCode(rawValue: 0x03)
    /// 0x04 Invalid PDU.
    public static let invalidPDU = ATTErrorCode(rawValue: 0x04)
    /// 0x05 Insufficient Authentication.
    public static let insufficientAuthentication = ATTErrorCode(rawValue: 0x05)
    /// 0x06 Request Not Supported.
    public static let requestNotSupported = ATTErrorCode(rawValue: 0x06)
    /// 0x07 Invalid Offset.
    public static let invalidOffset = ATTErrorCode(rawValue: 0x07)
    /// 0x08 Insufficient Authorization.
    public static let insufficientAuthorization = ATTErrorCode(rawValue: 0x08)
    /// 0x09 Prepare Queue Full.
    public static let prepareQueueFull = ATTErrorCode(rawValue: 0x09)
    /// 0x0A Attribute Not Found.
    public static let attributeNotFound = ATTErrorCode(rawValue: 0x0A)
    /// 0x0B Attribute Not Long.
    public static let attributeNotLong = ATTErrorCode(rawValue: 0x0B)
    /// 0x0C Insufficient Encryption Key Size.
    public static let insufficientEncryptionKeySize = ATTErrorCode(rawValue: 0x0C)
    /// 0x0D Invalid Attribute Value Length.
    public static let invalidAttributeValueLength = ATTErrorCode(rawValue: 0x0D)
    /// 0x0E Unlikely Error.
    public static let unlikelyError = ATTErrorCode(rawValue: 0x0E)
    /// 0x0F Insufficient Encryption.
    public static let insufficientEncryption = ATTErrorCode(rawValue: 0x0F)
    /// 0x10 Unsupported Group Type.
    public static let unsupportedGroupType = ATTErrorCode(rawValue: 0x10)
    /// 0x11 Insufficient Resources.
    public static let insufficientResources = ATTErrorCode(rawValue: 0x11)
    /// 0x12 Database Out Of Sync.
    public static let databaseOutOfSync = ATTErrorCode(rawValue: 0x12)
    /// 0x13 Value Not Allowed.
    public static let valueNotAllowed = ATTErrorCode(rawValue: 0x13)
    /// 0x80 Heart Rate Control Point value not supported (Heart Rate Service application error).
    public static let controlPointNotSupported = ATTErrorCode(rawValue: 0x80)
    /// 0xFD Client Characteristic Configuration Descriptor improperly configured.
    public static let cccdImproperlyConfigured = ATTErrorCode(rawValue: 0xFD)

    /// The error's name and byte, e.g. `Attribute Not Found (0x0A)`.
    public var description: String {
        let name: String =
            switch rawValue {
            case 0x01: "Invalid Handle"
            case 0x02: "Read Not Permitted"
            case 0x03: "Write Not Permitted"
            case 0x04: "Invalid PDU"
            case 0x05: "Insufficient Authentication"
            case 0x06: "Request Not Supported"
            case 0x07: "Invalid Offset"
            case 0x08: "Insufficient Authorization"
            case 0x09: "Prepare Queue Full"
            case 0x0A: "Attribute Not Found"
            case 0x0B: "Attribute Not Long"
            case 0x0C: "Insufficient Encryption Key Size"
            case 0x0D: "Invalid Attribute Value Length"
            case 0x0E: "Unlikely Error"
            case 0x0F: "Insufficient Encryption"
            case 0x10: "Unsupported Group Type"
            case 0x11: "Insufficient Resources"
            case 0x12: "Database Out Of Sync"
            case 0x13: "Value Not Allowed"
            case 0x80: "Application Error (Heart Rate Control Point value not supported)"
            case 0x81...0x9F: "Application Error"
            case 0xFC: "Write Request Rejected"
            case 0xFD: "CCCD Improperly Configured"
            case 0xFE: "Procedure Already In Progress"
            case 0xFF: "Out Of Range"
            default: "Reserved Error"
            }
        return "\(name) (\(Bytes.hex8(rawValue)))"
    }
}
