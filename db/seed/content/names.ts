/** Pieces for fictional Chinese personal names: common surnames (most frequent first) and given-name characters. */

export const surnames: string[] = (
  '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 高 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 ' +
  '彭 曾 肖 田 董 潘 袁 蔡 蒋 余 于 杜 叶 程 魏 苏 吕 丁 任 卢 姚 沈 钟 姜 崔 谭 陆 范 汪 廖 ' +
  '石 金 韦 贾 夏 付 方 邹 熊 白 孟 秦 邱 侯 江 尹 薛 闫 段 雷 龙 黎 史 陶 贺 毛 郝 顾 龚 邵 ' +
  '万 覃 武 钱 戴 严 欧阳 司马 诸葛 上官'
).split(' ');

export const givenChars: string[] = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华建国文志红晓斌海鹏辉宇浩凯俊峰博晨',
  ...'欣怡佳嘉琳雪婷倩颖悦思雨子梓涵诗一可若昊天泽睿哲航逸轩铭骏晗瑞彬卫东立新振宏永德',
  ...'林松春秋冬玲燕萍慧蕾璐瑶雯琦锐晶鑫毅诚远',
];
