#include "api/csv_body.hpp"

#include <map>
#include <vector>

#include "api/api_error.hpp"
#include "common/json_text.hpp"

namespace pg_resty {

namespace {

ApiError invalid_csv(const std::string& why) {
    return ApiError(400, "PGRST102", why);
}

struct CsvField {
    std::string text;
    bool quoted = false;
};

class CsvReader {
  public:
    explicit CsvReader(std::string_view text) : text_(text) {}

    bool at_end() const { return pos_ >= text_.size(); }

    // One record; the line ending after it is consumed.
    std::vector<CsvField> record() {
        std::vector<CsvField> fields;
        for (;;) {
            fields.push_back(field());
            if (at_end()) {
                return fields;
            }
            const char c = text_[pos_];
            if (c == ',') {
                ++pos_;
                continue;
            }
            // c is '\r' or '\n': field() stops only there.
            ++pos_;
            if (c == '\r' && !at_end() && text_[pos_] == '\n') {
                ++pos_;
            }
            return fields;
        }
    }

  private:
    CsvField field() {
        CsvField out;
        if (at_end() || text_[pos_] != '"') {
            while (!at_end() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
                out.text.push_back(text_[pos_++]);
            }
            return out;
        }
        out.quoted = true;
        ++pos_;
        for (;;) {
            if (at_end()) {
                throw invalid_csv("parse error: unterminated quoted field");
            }
            const char c = text_[pos_++];
            if (c != '"') {
                out.text.push_back(c);
                continue;
            }
            if (!at_end() && text_[pos_] == '"') {
                out.text.push_back('"');
                ++pos_;
                continue;
            }
            break;
        }
        if (!at_end() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
            throw invalid_csv("parse error: unexpected character after a quoted field");
        }
        return out;
    }

    std::string_view text_;
    size_t pos_ = 0;
};

}  // namespace

std::string csv_to_json(std::string_view body) {
    if (body.empty()) {
        throw invalid_csv("parse error: a CSV body needs a header line");
    }
    CsvReader reader(body);
    const std::vector<CsvField> header = reader.record();
    // A repeated column name keeps its last value, as a map built from the header would.
    std::vector<bool> shadowed(header.size(), false);
    std::map<std::string_view, size_t> last;
    for (size_t i = 0; i < header.size(); ++i) {
        const auto [slot, inserted] = last.emplace(header[i].text, i);
        if (!inserted) {
            shadowed[slot->second] = true;
            slot->second = i;
        }
    }
    std::string json = "[";
    bool first_record = true;
    while (!reader.at_end()) {
        const std::vector<CsvField> fields = reader.record();
        if (fields.size() != header.size()) {
            throw invalid_csv("All lines must have same number of fields");
        }
        json.append(first_record ? "{" : ",{");
        first_record = false;
        bool first_field = true;
        for (size_t i = 0; i < fields.size(); ++i) {
            if (shadowed[i]) {
                continue;
            }
            if (!first_field) {
                json.push_back(',');
            }
            first_field = false;
            append_json_string(json, header[i].text);
            json.push_back(':');
            if (fields[i].text == "NULL") {
                json.append("null");
            } else {
                append_json_string(json, fields[i].text);
            }
        }
        json.push_back('}');
    }
    json.push_back(']');
    return json;
}

}  // namespace pg_resty
