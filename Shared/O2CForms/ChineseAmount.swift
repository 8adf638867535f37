import O2CContracts

/// An amount in Chinese capitals (大写金额), as cheques, invoices and contracts write it out so that it cannot be
/// altered: 1,200.00 is 壹仟贰佰元整, 10,005.50 is 壹万零伍元伍角整, 0.07 is 柒分, −3.10 is 负叁元壹角整.
///
/// Zeros follow the usual rules: a run of zeros inside the number is one 零, zeros at the end of a group of four
/// are not read, and a group of four that is all zeros adds no 万 or 亿. Amounts run to 999,999,999,999.99
/// (`Money.maximum`), that is to 仟亿.
package enum ChineseAmount {
    static let digits: [Character] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
    /// The units within a group of four digits, from the right.
    static let units = ["", "拾", "佰", "仟"]
    /// The name of each group of four digits, from the right.
    static let groups = ["", "万", "亿"]

    /// The amount in capitals.
    /// - Throws: `MoneyError` for an amount beyond ±999,999,999,999.99 (one made unchecked from stored fen).
    package static func words(_ amount: Money) throws(MoneyError) -> String {
        guard amount.isWithinBounds else { throw MoneyError(operation: "\(amount.minorUnits) fen in capitals") }
        // Within the bounds the magnitude has at most 14 digits, so every quotient below is exact and small.
        let magnitude = amount.minorUnits.magnitude
        let (yuan, fen) = magnitude.quotientAndRemainder(dividingBy: 100)
        let (jiao, cent) = fen.quotientAndRemainder(dividingBy: 10)
        var text = amount.minorUnits < 0 ? "负" : ""
        let whole = integerWords(yuan)
        if !whole.isEmpty { text += whole + "元" }
        switch (jiao, cent) {
        case (0, 0): text += whole.isEmpty ? "零元整" : "整"
        case (0, _): text += (whole.isEmpty ? "" : "零") + String(digit(cent)) + "分"
        case (_, 0): text += String(digit(jiao)) + "角整"
        case (_, _): text += String(digit(jiao)) + "角" + String(digit(cent)) + "分"
        }
        return text
    }

    /// The whole yuan in capitals without 元; empty for 0.
    static func integerWords(_ value: UInt64) -> String {
        var decimal: [UInt64] = []  // the digits, lowest first
        var rest = value
        while rest > 0 {
            let (quotient, remainder) = rest.quotientAndRemainder(dividingBy: 10)
            decimal.append(remainder)
            rest = quotient
        }
        var text = ""
        var pendingZero = false
        var groupHasDigit = false
        for position in decimal.indices.reversed() {
            let value = decimal[position]
            if value == 0 {
                pendingZero = !text.isEmpty
            } else {
                if pendingZero { text.append("零") }
                pendingZero = false
                text.append(digit(value))
                text += units[position % 4]
                groupHasDigit = true
            }
            if position % 4 == 0, position > 0 {
                if groupHasDigit, position / 4 < groups.count { text += groups[position / 4] }
                groupHasDigit = false
            }
        }
        return text
    }

    static func digit(_ value: UInt64) -> Character { value < 10 ? digits[Int(value)] : "?" }
}
