//! The built-in SCIM schemas (RFC 7643 section 4 and 8.7.1) as static data.
//!
//! Each [`Schema`] lists its attributes in the RFC's order; that order is the order of keys in
//! every resource and of operations in every PATCH scimap writes, so output can be diffed.
//! The common attributes `id`, `externalId` and `meta` (RFC 7643 section 3.1) are listed in the
//! core schemas (first two at the top, `meta` at the end) so that one table describes a resource.

/// The data type of an attribute (RFC 7643 section 2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttributeType {
    /// A JSON string.
    String,
    /// A JSON `true` or `false`.
    Boolean,
    /// A JSON number, with or without a fraction.
    Decimal,
    /// A JSON number without a fraction.
    Integer,
    /// An `xsd:dateTime` string, e.g. `2008-01-23T04:56:22Z`.
    DateTime,
    /// A URI string.
    Reference,
    /// A JSON object whose keys are the attribute's sub-attributes.
    Complex,
    /// A base64-encoded string.
    Binary,
    /// Anything: attributes of a custom extension whose schema scimap does not know.
    Any,
}

impl AttributeType {
    /// The type as RFC 7643 spells it (`"dateTime"`), or `"any"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributeType::String => "string",
            AttributeType::Boolean => "boolean",
            AttributeType::Decimal => "decimal",
            AttributeType::Integer => "integer",
            AttributeType::DateTime => "dateTime",
            AttributeType::Reference => "reference",
            AttributeType::Complex => "complex",
            AttributeType::Binary => "binary",
            AttributeType::Any => "any",
        }
    }
}

/// Whether and how a client may change an attribute (RFC 7643 section 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mutability {
    /// Set by the service provider only (`id`, `meta`, `groups`).
    ReadOnly,
    /// Updated and read freely (the default).
    ReadWrite,
    /// Set once, on creation, then never changed.
    Immutable,
    /// Set by clients, never returned (`password`).
    WriteOnly,
}

/// When the service provider returns an attribute (RFC 7643 section 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Returned {
    /// In every response.
    Always,
    /// Never.
    Never,
    /// Unless excluded (the default).
    Default,
    /// Only when asked for.
    Request,
}

/// How the service provider enforces uniqueness (RFC 7643 section 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Uniqueness {
    /// No uniqueness (the default).
    None,
    /// Unique within the service provider's tenant.
    Server,
    /// Globally unique.
    Global,
}

/// One attribute definition with its characteristics (RFC 7643 section 2.2 and 7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attribute {
    /// The canonical name (`givenName`); SCIM compares names case-insensitively.
    pub name: &'static str,
    /// The data type.
    pub kind: AttributeType,
    /// Whether the value is a JSON array of values of `kind`.
    pub multi_valued: bool,
    /// Whether a resource must carry it.
    pub required: bool,
    /// Whether string comparisons are case-sensitive.
    pub case_exact: bool,
    /// Who may change it.
    pub mutability: Mutability,
    /// When it is returned.
    pub returned: Returned,
    /// How uniqueness is enforced.
    pub uniqueness: Uniqueness,
    /// Suggested values (`work`, `home`, ...); empty when there are none.
    pub canonical_values: &'static [&'static str],
    /// For references, what they may point to (`User`, `Group`, `external`, `uri`).
    pub reference_types: &'static [&'static str],
    /// Sub-attributes of a complex attribute, in RFC order.
    pub sub_attributes: &'static [Attribute],
}

impl Attribute {
    /// A single-valued, optional, read-write attribute of `kind` with the RFC's defaults.
    pub const fn new(name: &'static str, kind: AttributeType) -> Attribute {
        Attribute {
            name,
            kind,
            multi_valued: false,
            required: false,
            case_exact: false,
            mutability: Mutability::ReadWrite,
            returned: Returned::Default,
            uniqueness: Uniqueness::None,
            canonical_values: &[],
            reference_types: &[],
            sub_attributes: &[],
        }
    }

    const fn string(name: &'static str) -> Attribute {
        Attribute::new(name, AttributeType::String)
    }

    const fn complex(name: &'static str, sub_attributes: &'static [Attribute]) -> Attribute {
        let mut attribute = Attribute::new(name, AttributeType::Complex);
        attribute.sub_attributes = sub_attributes;
        attribute
    }

    const fn reference(name: &'static str, types: &'static [&'static str]) -> Attribute {
        let mut attribute = Attribute::new(name, AttributeType::Reference);
        attribute.reference_types = types;
        attribute
    }

    const fn multi(mut self) -> Attribute {
        self.multi_valued = true;
        self
    }

    const fn required(mut self) -> Attribute {
        self.required = true;
        self
    }

    const fn case_exact(mut self) -> Attribute {
        self.case_exact = true;
        self
    }

    const fn read_only(mut self) -> Attribute {
        self.mutability = Mutability::ReadOnly;
        self
    }

    const fn immutable(mut self) -> Attribute {
        self.mutability = Mutability::Immutable;
        self
    }

    const fn write_only(mut self) -> Attribute {
        self.mutability = Mutability::WriteOnly;
        self.returned = Returned::Never;
        self
    }

    const fn always(mut self) -> Attribute {
        self.returned = Returned::Always;
        self
    }

    const fn unique(mut self) -> Attribute {
        self.uniqueness = Uniqueness::Server;
        self
    }

    const fn canonical(mut self, values: &'static [&'static str]) -> Attribute {
        self.canonical_values = values;
        self
    }

    /// Whether clients may not write it (`readOnly`).
    pub fn is_read_only(&self) -> bool {
        self.mutability == Mutability::ReadOnly
    }

    /// The sub-attribute named `name`, compared case-insensitively.
    pub fn sub_attribute(&self, name: &str) -> Option<&'static Attribute> {
        find_attribute(self.sub_attributes, name)
    }

    /// The position of the sub-attribute named `name` (case-insensitive).
    pub fn sub_attribute_index(&self, name: &str) -> Option<usize> {
        find_index(self.sub_attributes, name)
    }
}

/// A schema: a URN and its attributes in RFC order.
#[derive(Debug, PartialEq, Eq)]
pub struct Schema {
    /// The schema URN (`urn:ietf:params:scim:schemas:core:2.0:User`).
    pub id: &'static str,
    /// The schema's name (`User`).
    pub name: &'static str,
    /// The attributes, in RFC order.
    pub attributes: &'static [Attribute],
}

impl Schema {
    /// The attribute named `name`, compared case-insensitively.
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        find_attribute(self.attributes, name)
    }

    /// The position of the attribute named `name` (case-insensitive).
    pub fn attribute_index(&self, name: &str) -> Option<usize> {
        find_index(self.attributes, name)
    }
}

fn find_index(attributes: &[Attribute], name: &str) -> Option<usize> {
    attributes
        .iter()
        .position(|attribute| attribute.name.eq_ignore_ascii_case(name))
}

fn find_attribute(attributes: &'static [Attribute], name: &str) -> Option<&'static Attribute> {
    find_index(attributes, name).map(|index| &attributes[index])
}

/// The URN of the core User schema.
pub const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The URN of the core Group schema.
pub const GROUP_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// The URN of the Enterprise User extension.
pub const ENTERPRISE_USER_URN: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The URN that marks an RFC 7644 PATCH request.
pub const PATCH_OP_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const ID: Attribute = Attribute::string("id")
    .case_exact()
    .read_only()
    .always()
    .unique();
const EXTERNAL_ID: Attribute = Attribute::string("externalId").case_exact();

const META_SUBS: &[Attribute] = &[
    Attribute::string("resourceType").case_exact().read_only(),
    Attribute::new("created", AttributeType::DateTime).read_only(),
    Attribute::new("lastModified", AttributeType::DateTime).read_only(),
    Attribute::reference("location", &["uri"])
        .case_exact()
        .read_only(),
    Attribute::string("version").case_exact().read_only(),
];
const META: Attribute = Attribute::complex("meta", META_SUBS).read_only();

const NAME_SUBS: &[Attribute] = &[
    Attribute::string("formatted"),
    Attribute::string("familyName"),
    Attribute::string("givenName"),
    Attribute::string("middleName"),
    Attribute::string("honorificPrefix"),
    Attribute::string("honorificSuffix"),
];

const EMAIL_TYPES: &[&str] = &["work", "home", "other"];
const PHONE_TYPES: &[&str] = &["work", "home", "mobile", "fax", "pager", "other"];
const IM_TYPES: &[&str] = &["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"];
const PHOTO_TYPES: &[&str] = &["photo", "thumbnail"];
const ADDRESS_TYPES: &[&str] = &["work", "home", "other"];

/// The sub-attributes every plain multi-valued attribute has (RFC 7643 section 2.4).
macro_rules! plural_subs {
    ($value:expr, $types:expr) => {
        &[
            $value,
            Attribute::string("display"),
            Attribute::string("type").canonical($types),
            Attribute::new("primary", AttributeType::Boolean),
        ]
    };
}

const EMAIL_SUBS: &[Attribute] = plural_subs!(Attribute::string("value"), EMAIL_TYPES);
const PHONE_SUBS: &[Attribute] = plural_subs!(Attribute::string("value"), PHONE_TYPES);
const IM_SUBS: &[Attribute] = plural_subs!(Attribute::string("value"), IM_TYPES);
const PHOTO_SUBS: &[Attribute] = plural_subs!(
    Attribute::reference("value", &["external"]).case_exact(),
    PHOTO_TYPES
);
const ENTITLEMENT_SUBS: &[Attribute] = plural_subs!(Attribute::string("value"), &[]);
const ROLE_SUBS: &[Attribute] = plural_subs!(Attribute::string("value"), &[]);
const CERTIFICATE_SUBS: &[Attribute] =
    plural_subs!(Attribute::new("value", AttributeType::Binary), &[]);

const ADDRESS_SUBS: &[Attribute] = &[
    Attribute::string("formatted"),
    Attribute::string("streetAddress"),
    Attribute::string("locality"),
    Attribute::string("region"),
    Attribute::string("postalCode"),
    Attribute::string("country"),
    Attribute::string("type").canonical(ADDRESS_TYPES),
    Attribute::new("primary", AttributeType::Boolean),
];

const USER_GROUP_SUBS: &[Attribute] = &[
    Attribute::string("value").read_only(),
    Attribute::reference("$ref", &["User", "Group"]).read_only(),
    Attribute::string("display").read_only(),
    Attribute::string("type")
        .canonical(&["direct", "indirect"])
        .read_only(),
];

const USER_ATTRIBUTES: &[Attribute] = &[
    ID,
    EXTERNAL_ID,
    Attribute::string("userName").required().unique(),
    Attribute::complex("name", NAME_SUBS),
    Attribute::string("displayName"),
    Attribute::string("nickName"),
    Attribute::reference("profileUrl", &["external"]),
    Attribute::string("title"),
    Attribute::string("userType"),
    Attribute::string("preferredLanguage"),
    Attribute::string("locale"),
    Attribute::string("timezone"),
    Attribute::new("active", AttributeType::Boolean),
    Attribute::string("password").write_only(),
    Attribute::complex("emails", EMAIL_SUBS).multi(),
    Attribute::complex("phoneNumbers", PHONE_SUBS).multi(),
    Attribute::complex("ims", IM_SUBS).multi(),
    Attribute::complex("photos", PHOTO_SUBS).multi(),
    Attribute::complex("addresses", ADDRESS_SUBS).multi(),
    Attribute::complex("groups", USER_GROUP_SUBS)
        .multi()
        .read_only(),
    Attribute::complex("entitlements", ENTITLEMENT_SUBS).multi(),
    Attribute::complex("roles", ROLE_SUBS).multi(),
    Attribute::complex("x509Certificates", CERTIFICATE_SUBS).multi(),
    META,
];

const MEMBER_SUBS: &[Attribute] = &[
    Attribute::string("value").immutable(),
    Attribute::reference("$ref", &["User", "Group"]).immutable(),
    Attribute::string("display").read_only(),
    Attribute::string("type")
        .canonical(&["User", "Group"])
        .immutable(),
];

const GROUP_ATTRIBUTES: &[Attribute] = &[
    ID,
    EXTERNAL_ID,
    Attribute::string("displayName").required(),
    Attribute::complex("members", MEMBER_SUBS).multi(),
    META,
];

const MANAGER_SUBS: &[Attribute] = &[
    Attribute::string("value"),
    Attribute::reference("$ref", &["User"]),
    Attribute::string("displayName").read_only(),
];

const ENTERPRISE_ATTRIBUTES: &[Attribute] = &[
    Attribute::string("employeeNumber"),
    Attribute::string("costCenter"),
    Attribute::string("organization"),
    Attribute::string("division"),
    Attribute::string("department"),
    Attribute::complex("manager", MANAGER_SUBS),
];

/// The core User schema (RFC 7643 section 4.1), with the common attributes.
pub static USER: Schema = Schema {
    id: USER_URN,
    name: "User",
    attributes: USER_ATTRIBUTES,
};

/// The core Group schema (RFC 7643 section 4.2), with the common attributes.
pub static GROUP: Schema = Schema {
    id: GROUP_URN,
    name: "Group",
    attributes: GROUP_ATTRIBUTES,
};

/// The Enterprise User extension (RFC 7643 section 4.3).
pub static ENTERPRISE_USER: Schema = Schema {
    id: ENTERPRISE_USER_URN,
    name: "EnterpriseUser",
    attributes: ENTERPRISE_ATTRIBUTES,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_attributes_follow_rfc_order_and_characteristics() {
        let names: Vec<_> = USER.attributes.iter().map(|a| a.name).collect();
        assert_eq!(&names[..4], ["id", "externalId", "userName", "name"]);
        assert_eq!(names.last(), Some(&"meta"));
        let user_name = USER.attribute("USERNAME").unwrap();
        assert!(user_name.required && user_name.uniqueness == Uniqueness::Server);
        assert!(USER.attribute("groups").unwrap().is_read_only());
        assert_eq!(
            USER.attribute("password").unwrap().returned,
            Returned::Never
        );
        let emails = USER.attribute("emails").unwrap();
        assert!(emails.multi_valued);
        assert_eq!(
            emails.sub_attribute("type").unwrap().canonical_values,
            ["work", "home", "other"]
        );
    }

    #[test]
    fn enterprise_manager_display_name_is_read_only() {
        let manager = ENTERPRISE_USER.attribute("manager").unwrap();
        assert!(manager.sub_attribute("displayName").unwrap().is_read_only());
        assert!(!manager.sub_attribute("value").unwrap().is_read_only());
    }

    #[test]
    fn group_requires_display_name() {
        assert!(GROUP.attribute("displayName").unwrap().required);
        assert_eq!(GROUP.attribute_index("members"), Some(3));
    }
}
