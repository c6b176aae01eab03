import type { ConsultationTopic } from './tables.js';

/**
 * Keywords that file a WeChat question under a consultation topic, checked in this order (so
 * 养老保险 is social security before 养老 is elder care); no match is `other`, and staff may
 * re-file it when they answer.
 */
export const wechatTopicKeywords: [ConsultationTopic, string[]][] = [
  ['socialSecurity', ['社保', '养老保险', '养老金', '退休', '失业保险', '工伤', '社会保险']],
  ['medical', ['医保', '医疗', '看病', '报销', '住院', '门诊', '慢病', '体检']],
  ['maternalChild', ['生育', '怀孕', '孕', '产检', '疫苗', '接种', '婴儿', '母婴', '出生证']],
  ['schooling', ['入学', '上学', '小学', '初中', '中学', '学校', '学籍', '幼儿园', '转学', '学区', '中考', '高考']],
  ['elderCare', ['养老', '老人', '高龄', '助餐', '助浴', '居家养老', '日间照料']],
  ['housing', ['住房', '公租房', '廉租', '房屋', '房产', '物业', '漏水', '供暖', '暖气']],
  ['employment', ['就业', '失业', '招聘', '找工作', '创业', '培训', '务工']],
  ['civilAffairs', ['低保', '救助', '残疾', '民政', '优抚', '婚姻', '结婚', '离婚', '特困', '殡葬']],
];

export function topicOf(text: string): ConsultationTopic {
  for (const [topic, words] of wechatTopicKeywords) if (words.some((w) => text.includes(w))) return topic;
  return 'other';
}
